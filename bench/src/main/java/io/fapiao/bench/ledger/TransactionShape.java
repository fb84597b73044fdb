package io.fapiao.bench.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.ledger.commit.ChannelLedger;
import java.io.IOException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Transaction;

/**
 * The sizes of the messages signed and verified for one committed SubmitBill, read back from the
 * block that holds it, so that each signature primitive is timed over a message of the real size
 * (ECDSA hashes the whole message first; for a sealed bill of a few KiB the hash is not free).
 *
 * <pre>{@code
 * TransactionShape shape = TransactionShape.of(node.ledger(), committed.blockNumber(), committed.transactionId());
 * }</pre>
 *
 * @param proposalBytes     the signed proposal: header and chaincode proposal payload (the sealed bill)
 * @param envelopeBytes     the transaction envelope's payload: proposal, endorsement, read-write set
 * @param endorsementBytes  proposal response payload ‖ endorser identity, which the peer signs
 * @param statusBytes       a commit-status request: tx id, channel, identity
 * @param blockSignedBytes  what the orderer signs per block: metadata ‖ signature header ‖ block header
 */
public record TransactionShape(
        int proposalBytes, int envelopeBytes, int endorsementBytes, int statusBytes, int blockSignedBytes) {

    /** DER of (number, previous hash, data hash): two 32-byte hashes plus a few bytes of framing. */
    private static final int BLOCK_HEADER_DER_BYTES = 80;

    /** Reads the shape of {@code txId} from block {@code blockNumber}. */
    public static TransactionShape of(ChannelLedger ledger, long blockNumber, String txId) throws IOException {
        return of(ledger.block(blockNumber), txId);
    }

    /** Reads the shape of {@code txId} from {@code block} (from the node's files or from a Deliver stream). */
    public static TransactionShape of(Block block, String txId) throws IOException {
        long blockNumber = block.getHeader().getNumber();
        try {
            for (var data : block.getData().getDataList()) {
                Envelope envelope = Envelope.parseFrom(data);
                Payload payload = Payload.parseFrom(envelope.getPayload());
                ChannelHeader channelHeader =
                        ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
                if (!channelHeader.getTxId().equals(txId)) {
                    continue;
                }
                SignatureHeader signatureHeader =
                        SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
                Transaction tx = Transaction.parseFrom(payload.getData());
                ChaincodeActionPayload action =
                        ChaincodeActionPayload.parseFrom(tx.getActions(0).getPayload());
                int proposal = payload.getHeader().getSerializedSize()
                        + action.getChaincodeProposalPayload().size();
                int endorsement = action.getAction()
                                .getProposalResponsePayload()
                                .size()
                        + action.getAction().getEndorsements(0).getEndorser().size();
                int status = txId.length()
                        + channelHeader.getChannelId().length()
                        + signatureHeader.getCreator().size();
                Metadata signatures =
                        Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
                int blockSigned = signatures.getValue().size()
                        + signatures.getSignatures(0).getSignatureHeader().size()
                        + BLOCK_HEADER_DER_BYTES;
                return new TransactionShape(proposal, envelope.getPayload().size(), endorsement, status, blockSigned);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("block " + blockNumber + " does not parse: " + e.getMessage(), e);
        }
        throw new IOException("transaction " + txId + " is not in block " + blockNumber);
    }
}
