package io.fapiao.ledger.endorser;

import com.google.protobuf.ByteString;
import io.fapiao.ledger.auth.AuthenticationFailed;
import io.fapiao.ledger.auth.Authenticator;
import io.fapiao.ledger.execution.ContractRuntime;
import io.fapiao.ledger.execution.Invocation;
import io.fapiao.ledger.execution.SimulatedStub;
import io.fapiao.ledger.execution.Simulation;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.ledger.scc.LedgerQueries;
import io.fapiao.ledger.state.StateStore;
import io.fapiao.ledger.state.StateStoreClosed;
import io.fapiao.ledger.state.StateView;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode;

/**
 * The node's endorsing peer: validates a signed proposal as Fabric's endorser does (header, tx id,
 * creator, signature, duplicate tx id), simulates it against a state snapshot through the contract
 * runtime, and signs the proposal response with the node's peer identity. No lock is held while the
 * contract runs: the snapshot gives it a consistent view and MVCC validation at commit catches any
 * conflict with transactions committed meanwhile.
 *
 * <pre>{@code
 * Endorser.Outcome outcome = endorser.process(signedProposal);
 * if (outcome.error() != null) { ... } else { ProposalResponse r = outcome.response(); }
 * }</pre>
 */
public final class Endorser {

    private static final Logger LOG = Logger.getLogger(Endorser.class.getName());

    /** Fabric's shim status thresholds. */
    private static final int ERROR_THRESHOLD = 400;

    private static final int ERROR = 500;

    private final String channel;
    private final String chaincodeName;
    private final String chaincodeVersion;
    private final Authenticator authenticator;
    private final SigningIdentity peer;
    private final StateStore state;
    private final ContractRuntime runtime;
    private final LedgerQueries queries;

    public Endorser(
            String channel,
            String chaincodeName,
            String chaincodeVersion,
            Authenticator authenticator,
            SigningIdentity peer,
            StateStore state,
            ContractRuntime runtime) {
        this(channel, chaincodeName, chaincodeVersion, authenticator, peer, state, runtime, null);
    }

    /** An endorser that also answers the query system chaincode {@code qscc} (null: it does not). */
    public Endorser(
            String channel,
            String chaincodeName,
            String chaincodeVersion,
            Authenticator authenticator,
            SigningIdentity peer,
            StateStore state,
            ContractRuntime runtime,
            LedgerQueries queries) {
        this.queries = queries;
        this.channel = channel;
        this.chaincodeName = chaincodeName;
        this.chaincodeVersion = chaincodeVersion;
        this.authenticator = authenticator;
        this.peer = peer;
        this.state = state;
        this.runtime = runtime;
    }

    /**
     * What {@code ProcessProposal} returns: either an error (the proposal itself is bad, a gRPC error
     * on a peer) with a 500 response, or a response whose status says how the chaincode did.
     */
    public record Outcome(ProposalResponse response, String error, UnpackedProposal proposal) {}

    public Outcome process(SignedProposal signed) {
        UnpackedProposal up;
        try {
            up = UnpackedProposal.of(signed);
        } catch (UnpackedProposal.InvalidProposal e) {
            return failed(e.getMessage(), null);
        }
        String problem = preProcess(up);
        if (problem != null) {
            return failed(problem, up);
        }
        if (queries != null && up.chaincodeName().equals(LedgerQueries.NAME)) {
            return systemQuery(up);
        }
        if (!up.chaincodeName().equals(chaincodeName)) {
            return new Outcome(
                    errorResponse("make sure the chaincode " + up.chaincodeName()
                            + " has been successfully defined on channel " + up.channelId()
                            + " and try again: chaincode definition for '" + up.chaincodeName() + "' not found"),
                    null,
                    up);
        }
        Chaincode.Response result;
        Simulation simulation;
        ChaincodeEvent event;
        try (StateView view = state.snapshot()) {
            simulation = new Simulation(view, chaincodeName, up.txId());
            Invocation invocation = new Invocation(
                    up.channelId(),
                    up.txId(),
                    signed,
                    up.signatureHeader().getCreator(),
                    up.timestamp(),
                    up.payload().getTransientMapMap(),
                    up.binding(),
                    up.input().getArgsList(),
                    peer.mspId());
            SimulatedStub stub = new SimulatedStub(invocation, simulation);
            result = runtime.invoke(stub);
            if (state.isClosed()) {
                // The contract router turns the StateStoreClosed its reads met into a contract
                // error; the node is stopping, so the client is told UNAVAILABLE instead.
                throw new StateStoreClosed();
            }
            event = stub.chaincodeEvent();
        } catch (StateStoreClosed e) {
            // the node is stopping, not a contract fault: the gRPC layer answers UNAVAILABLE
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "simulation of " + up.txId() + " failed", e);
            return new Outcome(errorResponse("error in simulation: " + e.getMessage()), null, up);
        }
        Response.Builder response = Response.newBuilder().setStatus(result.getStatusCode());
        if (result.getMessage() != null) {
            response.setMessage(result.getMessage());
        }
        if (result.getPayload() != null) {
            response.setPayload(ByteString.copyFrom(result.getPayload()));
        }
        ChaincodeAction action = ChaincodeAction.newBuilder()
                .setResults(simulation.readWriteSet().toByteString())
                .setEvents(event == null ? ByteString.EMPTY : event.toByteString())
                .setResponse(response)
                .setChaincodeId(ChaincodeID.newBuilder().setName(chaincodeName).setVersion(chaincodeVersion))
                .build();
        ByteString prp = ProposalResponsePayload.newBuilder()
                .setProposalHash(ByteString.copyFrom(up.proposalHash()))
                .setExtension(action.toByteString())
                .build()
                .toByteString();
        int status = result.getStatusCode();
        if (status >= ERROR) {
            return new Outcome(
                    ProposalResponse.newBuilder()
                            .setResponse(response)
                            .setPayload(prp)
                            .build(),
                    null,
                    up);
        }
        if (status >= ERROR_THRESHOLD) {
            return new Outcome(
                    ProposalResponse.newBuilder().setResponse(response).build(), null, up);
        }
        ByteString endorser = peer.serialized();
        byte[] signature = peer.sign(prp.concat(endorser).toByteArray());
        return new Outcome(
                ProposalResponse.newBuilder()
                        .setVersion(1)
                        .setResponse(response)
                        .setPayload(prp)
                        .setEndorsement(Endorsement.newBuilder()
                                .setEndorser(endorser)
                                .setSignature(ByteString.copyFrom(signature)))
                        .build(),
                null,
                up);
    }

    /**
     * qscc reads blocks, not state: its simulation has no reads or writes, so its read-write set is
     * empty, and its response is endorsed like any other (a peer signs system chaincode results too).
     */
    private Outcome systemQuery(UnpackedProposal up) {
        LedgerQueries.Answer answer = queries.invoke(up.input().getArgsList());
        Response response = Response.newBuilder()
                .setStatus(answer.status())
                .setMessage(answer.message())
                .setPayload(answer.payload())
                .build();
        ChaincodeAction action = ChaincodeAction.newBuilder()
                .setResults(TxReadWriteSet.newBuilder()
                        .setDataModel(TxReadWriteSet.DataModel.KV)
                        .build()
                        .toByteString())
                .setResponse(response)
                .setChaincodeId(
                        ChaincodeID.newBuilder().setName(LedgerQueries.NAME).setVersion(LedgerQueries.VERSION))
                .build();
        ByteString prp = ProposalResponsePayload.newBuilder()
                .setProposalHash(ByteString.copyFrom(up.proposalHash()))
                .setExtension(action.toByteString())
                .build()
                .toByteString();
        if (answer.status() >= ERROR) {
            return new Outcome(
                    ProposalResponse.newBuilder()
                            .setResponse(response)
                            .setPayload(prp)
                            .build(),
                    null,
                    up);
        }
        ByteString endorser = peer.serialized();
        byte[] signature = peer.sign(prp.concat(endorser).toByteArray());
        return new Outcome(
                ProposalResponse.newBuilder()
                        .setVersion(1)
                        .setResponse(response)
                        .setPayload(prp)
                        .setEndorsement(Endorsement.newBuilder()
                                .setEndorser(endorser)
                                .setSignature(ByteString.copyFrom(signature)))
                        .build(),
                null,
                up);
    }

    private String preProcess(UnpackedProposal up) {
        String invalid = validate(up);
        if (invalid != null) {
            return "error validating proposal: " + invalid;
        }
        if (state.transaction(up.txId()).isPresent()) {
            return "duplicate transaction found [" + up.txId() + "]. Creator ["
                    + HexFormat.of().formatHex(up.signatureHeader().getCreator().toByteArray()) + "]";
        }
        return null;
    }

    private String validate(UnpackedProposal up) {
        int type = up.channelHeader().getType();
        if (type != HeaderType.ENDORSER_TRANSACTION_VALUE && type != HeaderType.CONFIG_VALUE) {
            HeaderType known = HeaderType.forNumber(type);
            return "invalid header type " + (known == null ? String.valueOf(type) : known.name());
        }
        if (up.channelHeader().getEpoch() != 0) {
            return "epoch is non-zero";
        }
        if (up.signatureHeader().getNonce().isEmpty()) {
            return "nonce is empty";
        }
        if (up.signatureHeader().getCreator().isEmpty()) {
            return "creator is empty";
        }
        String expected = up.headers().derivedTxId();
        if (!up.txId().equals(expected)) {
            return "incorrectly computed txid '" + up.txId() + "' -- expected '" + expected + "'";
        }
        if (up.signedProposal().getSignature().isEmpty()) {
            return "empty signature bytes";
        }
        try {
            authenticator.authenticate(
                    up.signatureHeader().getCreator(),
                    up.signedProposal().getProposalBytes(),
                    up.signedProposal().getSignature());
            return null;
        } catch (AuthenticationFailed e) {
            LOG.warning(() -> "access denied to proposal " + up.txId() + ": " + e.getMessage());
            if (e.malformed()) {
                return "access denied: channel [" + up.channelId() + "] creator org unknown, creator is malformed";
            }
            return "access denied: channel [" + up.channelId() + "] creator org [" + e.claimedMspId() + "]";
        }
    }

    private static Outcome failed(String message, UnpackedProposal up) {
        return new Outcome(errorResponse(message), message, up);
    }

    private static ProposalResponse errorResponse(String message) {
        return ProposalResponse.newBuilder()
                .setResponse(Response.newBuilder().setStatus(ERROR).setMessage(message))
                .build();
    }

    public String channel() {
        return channel;
    }
}
