package io.fapiao.proof.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * An endorser transaction taken apart for an auditor: who created it (the signature header's
 * identity), when (the channel header's timestamp), what it called (the chaincode function and
 * arguments of the proposal), who endorsed it, and what it wrote (the write set of its namespace).
 * Each check a committer makes without ledger state is one method here.
 *
 * <pre>{@code
 * FabricTransaction tx = FabricTransaction.parse(block.envelopes().get(i));
 * boolean signed = tx.creatorSignatureValid();
 * Optional<byte[]> bill = tx.written("fapiao", CompositeKey.of("fapiao.bill", uscc, billId));
 * }</pre>
 */
public final class FabricTransaction {

    private final Envelope envelope;
    private final ProposalHeader headers;
    private final ByteString channelHeaderBytes;
    private final ByteString signatureHeaderBytes;
    private final FabricIdentity creator;
    private final ChaincodeActionPayload actionPayload;
    private final ChaincodeAction action;
    private final List<ByteString> arguments;

    private FabricTransaction(
            Envelope envelope,
            ProposalHeader headers,
            ByteString channelHeaderBytes,
            ByteString signatureHeaderBytes,
            FabricIdentity creator,
            ChaincodeActionPayload actionPayload,
            ChaincodeAction action,
            List<ByteString> arguments) {
        this.envelope = envelope;
        this.headers = headers;
        this.channelHeaderBytes = channelHeaderBytes;
        this.signatureHeaderBytes = signatureHeaderBytes;
        this.creator = creator;
        this.actionPayload = actionPayload;
        this.action = action;
        this.arguments = arguments;
    }

    /** The transaction id of any envelope (endorser or config), without parsing the rest. */
    public static String txIdOf(ByteString envelopeBytes) throws MalformedLedgerData {
        try {
            Payload payload =
                    Payload.parseFrom(Envelope.parseFrom(envelopeBytes).getPayload());
            return ChannelHeader.parseFrom(payload.getHeader().getChannelHeader())
                    .getTxId();
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedLedgerData("envelope does not parse: " + e.getMessage(), e);
        }
    }

    /** The header type of any envelope (ENDORSER_TRANSACTION, CONFIG, ...). */
    public static int typeOf(ByteString envelopeBytes) throws MalformedLedgerData {
        try {
            Payload payload =
                    Payload.parseFrom(Envelope.parseFrom(envelopeBytes).getPayload());
            return ChannelHeader.parseFrom(payload.getHeader().getChannelHeader())
                    .getType();
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedLedgerData("envelope does not parse: " + e.getMessage(), e);
        }
    }

    /** @throws MalformedLedgerData when the envelope is not a single-action endorser transaction */
    public static FabricTransaction parse(ByteString envelopeBytes) throws MalformedLedgerData {
        try {
            Envelope envelope = Envelope.parseFrom(envelopeBytes);
            Payload payload = Payload.parseFrom(envelope.getPayload());
            ByteString channelHeaderBytes = payload.getHeader().getChannelHeader();
            ChannelHeader channelHeader = ChannelHeader.parseFrom(channelHeaderBytes);
            if (channelHeader.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
                throw new MalformedLedgerData("transaction " + channelHeader.getTxId() + " is of type "
                        + channelHeader.getType() + ", not an endorser transaction");
            }
            ByteString signatureHeaderBytes = payload.getHeader().getSignatureHeader();
            SignatureHeader signatureHeader = SignatureHeader.parseFrom(signatureHeaderBytes);
            FabricIdentity creator = FabricIdentity.parse(signatureHeader.getCreator());
            Transaction transaction = Transaction.parseFrom(payload.getData());
            if (transaction.getActionsCount() != 1) {
                throw new MalformedLedgerData("transaction " + channelHeader.getTxId() + " has "
                        + transaction.getActionsCount() + " actions; Fabric writes exactly one");
            }
            TransactionAction txAction = transaction.getActions(0);
            ChaincodeActionPayload actionPayload = ChaincodeActionPayload.parseFrom(txAction.getPayload());
            ProposalResponsePayload prp =
                    ProposalResponsePayload.parseFrom(actionPayload.getAction().getProposalResponsePayload());
            ChaincodeAction action = ChaincodeAction.parseFrom(prp.getExtension());
            ChaincodeProposalPayload proposalPayload =
                    ChaincodeProposalPayload.parseFrom(actionPayload.getChaincodeProposalPayload());
            ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.parseFrom(proposalPayload.getInput());
            ChaincodeHeaderExtension extension = ChaincodeHeaderExtension.parseFrom(channelHeader.getExtension());
            if (!txAction.getHeader().equals(signatureHeaderBytes)) {
                throw new MalformedLedgerData("transaction " + channelHeader.getTxId()
                        + ": the action's signature header differs from the envelope's");
            }
            // Parsed in the transaction's order above (so a malformed one is reported as before); read as a proposal's.
            return new FabricTransaction(
                    envelope,
                    new ProposalHeader(channelHeader, signatureHeader, extension),
                    channelHeaderBytes,
                    signatureHeaderBytes,
                    creator,
                    actionPayload,
                    action,
                    List.copyOf(spec.getChaincodeSpec().getInput().getArgsList()));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedLedgerData("transaction does not parse: " + e.getMessage(), e);
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

    public FabricIdentity creator() {
        return creator;
    }

    /** The chaincode the proposal addressed. */
    public String chaincodeName() {
        return headers.chaincodeName();
    }

    /** The function the proposal called (its first argument), e.g. {@code SubmitBill} or {@code fapiao:SubmitBill}. */
    public String function() {
        return arguments.isEmpty() ? "" : arguments.get(0).toStringUtf8();
    }

    /** The proposal's arguments after the function. */
    public List<String> arguments() {
        return arguments.stream().skip(1).map(ByteString::toStringUtf8).toList();
    }

    /** tx id = hex(SHA-256(nonce ‖ creator)), as Fabric derives it. */
    public boolean txIdDerivedFromNonceAndCreator() {
        return headers.txIdDerived();
    }

    /** The client's signature over the envelope payload, under the creator's certificate. */
    public boolean creatorSignatureValid() {
        return creator.verifies(
                envelope.getPayload().toByteArray(), envelope.getSignature().toByteArray());
    }

    /**
     * Whether the endorsed response answers this very proposal: its proposal hash is SHA-256 of
     * this transaction's channel header, signature header and (transient-free) proposal payload.
     */
    public boolean proposalHashMatches() {
        try {
            ProposalResponsePayload prp =
                    ProposalResponsePayload.parseFrom(actionPayload.getAction().getProposalResponsePayload());
            return Arrays.equals(
                    ProposalDigests.proposalHash(
                            channelHeaderBytes, signatureHeaderBytes, actionPayload.getChaincodeProposalPayload()),
                    prp.getProposalHash().toByteArray());
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** One endorsement: the endorsing peer and whether its signature over the response holds. */
    public record EndorsementCheck(FabricIdentity endorser, boolean valid) {}

    /** Each endorsement, with its signature over {@code proposal response payload ‖ endorser} checked. */
    public List<EndorsementCheck> endorsements() throws MalformedLedgerData {
        ByteString response = actionPayload.getAction().getProposalResponsePayload();
        List<EndorsementCheck> checks = new ArrayList<>();
        for (Endorsement endorsement : actionPayload.getAction().getEndorsementsList()) {
            FabricIdentity endorser = FabricIdentity.parse(endorsement.getEndorser());
            boolean valid = endorser.verifies(
                    response.concat(endorsement.getEndorser()).toByteArray(),
                    endorsement.getSignature().toByteArray());
            checks.add(new EndorsementCheck(endorser, valid));
        }
        return checks;
    }

    /** The chaincode's response status in the endorsed action (200 for a successful call). */
    public int responseStatus() {
        return action.getResponse().getStatus();
    }

    /** Key → value of every write (not delete) of {@code namespace}, in write-set order. */
    public Map<String, byte[]> writes(String namespace) throws MalformedLedgerData {
        Map<String, byte[]> writes = new LinkedHashMap<>();
        try {
            TxReadWriteSet rwset = TxReadWriteSet.parseFrom(action.getResults());
            for (NsReadWriteSet ns : rwset.getNsRwsetList()) {
                if (!ns.getNamespace().equals(namespace)) {
                    continue;
                }
                for (KVWrite write : KVRWSet.parseFrom(ns.getRwset()).getWritesList()) {
                    if (!write.getIsDelete()) {
                        writes.put(write.getKey(), write.getValue().toByteArray());
                    }
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedLedgerData("write set of " + txId() + " does not parse: " + e.getMessage(), e);
        }
        return writes;
    }

    /** The value this transaction wrote under {@code key} in {@code namespace}. */
    public Optional<byte[]> written(String namespace, String key) throws MalformedLedgerData {
        return Optional.ofNullable(writes(namespace).get(key));
    }
}
