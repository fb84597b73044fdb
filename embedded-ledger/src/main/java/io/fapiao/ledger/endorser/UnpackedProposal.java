package io.fapiao.ledger.endorser;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.proof.fabric.ProposalDigests;
import io.fapiao.proof.fabric.ProposalHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * A signed proposal taken apart the way a Fabric endorser does it, with the proposal hash that the
 * proposal response and, later, the transaction must carry. Its headers are read by
 * {@link ProposalHeader}, as the proof verifier reads a transaction's.
 *
 * <pre>{@code
 * UnpackedProposal p = UnpackedProposal.of(signedProposal);
 * String txId = p.channelHeader().getTxId();
 * }</pre>
 */
public record UnpackedProposal(
        SignedProposal signedProposal,
        Proposal proposal,
        Header header,
        ProposalHeader headers,
        ChaincodeProposalPayload payload,
        ChaincodeInput input,
        byte[] proposalHash) {

    /** @throws InvalidProposal with the reason, as the endorser's unpack step words it */
    public static UnpackedProposal of(SignedProposal signed) throws InvalidProposal {
        try {
            Proposal proposal = Proposal.parseFrom(signed.getProposalBytes());
            Header header = Header.parseFrom(proposal.getHeader());
            ProposalHeader headers = ProposalHeader.parse(header.getChannelHeader(), header.getSignatureHeader());
            ChaincodeHeaderExtension extension = headers.extension();
            if (!extension.hasChaincodeId()) {
                throw new InvalidProposal("ChaincodeHeaderExtension.ChaincodeId is nil");
            }
            if (extension.getChaincodeId().getName().isEmpty()) {
                throw new InvalidProposal("ChaincodeHeaderExtension.ChaincodeId.Name is empty");
            }
            ChaincodeProposalPayload payload = ChaincodeProposalPayload.parseFrom(proposal.getPayload());
            ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.parseFrom(payload.getInput());
            if (!spec.hasChaincodeSpec()) {
                throw new InvalidProposal("chaincode invocation spec did not contain chaincode spec");
            }
            if (!spec.getChaincodeSpec().hasInput()) {
                throw new InvalidProposal("chaincode input did not contain any input");
            }
            // The transient map stays out of the hash: the transaction will not carry it.
            byte[] proposalHash = ProposalDigests.proposalHash(
                    header.getChannelHeader(),
                    header.getSignatureHeader(),
                    ChaincodeProposalPayload.newBuilder()
                            .setInput(payload.getInput())
                            .build()
                            .toByteString());
            return new UnpackedProposal(
                    signed,
                    proposal,
                    header,
                    headers,
                    payload,
                    spec.getChaincodeSpec().getInput(),
                    proposalHash);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidProposal("error unmarshalling proposal: " + e.getMessage());
        }
    }

    public String txId() {
        return headers.txId();
    }

    public String channelId() {
        return headers.channelId();
    }

    public Instant timestamp() {
        return headers.timestamp();
    }

    public ChannelHeader channelHeader() {
        return headers.channelHeader();
    }

    public SignatureHeader signatureHeader() {
        return headers.signatureHeader();
    }

    /** The chaincode the proposal addresses. */
    public String chaincodeName() {
        return headers.chaincodeName();
    }

    /** SHA-256(nonce · creator · epoch as 8 little-endian bytes), the shim's binding. */
    public byte[] binding() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(signatureHeader().getNonce().asReadOnlyByteBuffer());
            digest.update(signatureHeader().getCreator().asReadOnlyByteBuffer());
            digest.update(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(channelHeader().getEpoch())
                    .array());
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proposal that cannot be unpacked or validated; the message is the endorser's. */
    public static final class InvalidProposal extends Exception {
        public InvalidProposal(String message) {
            super(message);
        }
    }
}
