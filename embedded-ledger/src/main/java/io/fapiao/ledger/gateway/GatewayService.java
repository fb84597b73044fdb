package io.fapiao.ledger.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.ledger.auth.AuthenticationFailed;
import io.fapiao.ledger.auth.Authenticator;
import io.fapiao.ledger.commit.ChannelLedger;
import io.fapiao.ledger.commit.CheckedTransaction;
import io.fapiao.ledger.endorser.Endorser;
import io.fapiao.ledger.endorser.UnpackedProposal;
import io.fapiao.ledger.ordering.OrderingService;
import io.fapiao.ledger.scc.LedgerQueries;
import io.fapiao.ledger.state.TxLocation;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.gateway.ChaincodeEventsRequest;
import org.hyperledger.fabric.protos.gateway.ChaincodeEventsResponse;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.CommitStatusResponse;
import org.hyperledger.fabric.protos.gateway.EndorseRequest;
import org.hyperledger.fabric.protos.gateway.EndorseResponse;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.gateway.EvaluateRequest;
import org.hyperledger.fabric.protos.gateway.EvaluateResponse;
import org.hyperledger.fabric.protos.gateway.GatewayGrpc;
import org.hyperledger.fabric.protos.gateway.SignedChaincodeEventsRequest;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SubmitRequest;
import org.hyperledger.fabric.protos.gateway.SubmitResponse;
import org.hyperledger.fabric.protos.orderer.SeekPosition;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Fabric's Gateway service, served by this node for its one channel and one chaincode: Evaluate and
 * Endorse run the proposal on the node's endorser, Submit checks the client's signature and hands the
 * envelope to the ordering service, CommitStatus waits for the transaction's validation code, and
 * ChaincodeEvents streams the events of valid transactions from a start block. Status codes, messages
 * and {@link ErrorDetail}s follow Fabric 3's gateway, so a client cannot tell this node from a peer.
 *
 * <pre>{@code
 * Server server = NettyServerBuilder.forPort(7051).addService(new GatewayService(...)).build();
 * }</pre>
 */
public final class GatewayService extends GatewayGrpc.GatewayImplBase {

    private static final Logger LOG = Logger.getLogger(GatewayService.class.getName());
    private static final Duration POLL = Duration.ofMillis(500);

    private final String channel;
    private final String chaincodeName;
    private final Endorser endorser;
    private final OrderingService orderer;
    private final ChannelLedger ledger;
    private final Authenticator authenticator;
    private final SignedRequests signedRequests;
    private final RpcErrors.NodeAddress node;

    public GatewayService(
            String channel,
            String chaincodeName,
            Endorser endorser,
            OrderingService orderer,
            ChannelLedger ledger,
            Authenticator authenticator,
            RpcErrors.NodeAddress node) {
        this.channel = channel;
        this.chaincodeName = chaincodeName;
        this.endorser = endorser;
        this.orderer = orderer;
        this.ledger = ledger;
        this.authenticator = authenticator;
        this.signedRequests = new SignedRequests(channel, authenticator);
        this.node = node;
    }

    @Override
    public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> responses) {
        SignedProposal signed = request.getProposedTransaction();
        if (signed.getProposalBytes().isEmpty()) {
            responses.onError(RpcErrors.of(
                    Status.Code.INVALID_ARGUMENT,
                    "failed to unpack transaction proposal: a signed proposal is required"));
            return;
        }
        UnpackedProposal up;
        try {
            up = UnpackedProposal.of(signed);
        } catch (UnpackedProposal.InvalidProposal e) {
            responses.onError(RpcErrors.of(
                    Status.Code.INVALID_ARGUMENT, "failed to unpack transaction proposal: " + e.getMessage()));
            return;
        }
        if (up.channelId().isEmpty()) {
            responses.onError(RpcErrors.of(
                    Status.Code.INVALID_ARGUMENT, "failed to unpack transaction proposal: no channel id provided"));
            return;
        }
        if (!channel.equals(up.channelId())) {
            responses.onError(unknownChannel(Status.Code.UNAVAILABLE, up.channelId()));
            return;
        }
        // A peer's gateway evaluates system chaincodes on itself; qscc is the one this node has.
        if (!chaincodeName.equals(up.chaincodeName()) && !LedgerQueries.NAME.equals(up.chaincodeName())) {
            responses.onError(RpcErrors.of(
                    Status.Code.FAILED_PRECONDITION,
                    "no peers available to evaluate chaincode " + up.chaincodeName() + " in channel "
                            + up.channelId()));
            return;
        }
        Endorser.Outcome outcome = endorser.process(signed);
        Optional<StatusRuntimeException> failure = failure(
                outcome,
                "evaluate call to endorser returned error: ",
                "failed to evaluate transaction, see attached details for more info");
        if (failure.isPresent()) {
            responses.onError(failure.get());
            return;
        }
        Response result = outcome.response().getResponse().toBuilder()
                .setPayload(resultOf(outcome.response()))
                .build();
        responses.onNext(EvaluateResponse.newBuilder().setResult(result).build());
        responses.onCompleted();
    }

    @Override
    public void endorse(EndorseRequest request, StreamObserver<EndorseResponse> responses) {
        SignedProposal signed = request.getProposedTransaction();
        if (signed.getProposalBytes().isEmpty()) {
            responses.onError(RpcErrors.of(
                    Status.Code.INVALID_ARGUMENT, "the proposed transaction must contain a signed proposal"));
            return;
        }
        UnpackedProposal up;
        try {
            up = UnpackedProposal.of(signed);
        } catch (UnpackedProposal.InvalidProposal e) {
            responses.onError(RpcErrors.of(Status.Code.INVALID_ARGUMENT, e.getMessage()));
            return;
        }
        if (!channel.equals(up.channelId())) {
            responses.onError(unknownChannel(Status.Code.FAILED_PRECONDITION, up.channelId()));
            return;
        }
        if (!chaincodeName.equals(up.chaincodeName())) {
            responses.onError(RpcErrors.of(
                    Status.Code.FAILED_PRECONDITION,
                    "no peers available to evaluate chaincode " + up.chaincodeName() + " in channel "
                            + up.channelId()));
            return;
        }
        Endorser.Outcome outcome = endorser.process(signed);
        Optional<StatusRuntimeException> failure =
                failure(outcome, null, "failed to endorse transaction, see attached details for more info");
        if (failure.isPresent()) {
            responses.onError(failure.get());
            return;
        }
        Envelope prepared = prepare(up, outcome.response());
        responses.onNext(
                EndorseResponse.newBuilder().setPreparedTransaction(prepared).build());
        responses.onCompleted();
    }

    @Override
    public void submit(SubmitRequest request, StreamObserver<SubmitResponse> responses) {
        if (!request.hasPreparedTransaction()) {
            responses.onError(RpcErrors.of(Status.Code.INVALID_ARGUMENT, "a prepared transaction is required"));
            return;
        }
        Envelope txn = request.getPreparedTransaction();
        if (txn.getSignature().isEmpty()) {
            responses.onError(RpcErrors.of(Status.Code.INVALID_ARGUMENT, "prepared transaction must be signed"));
            return;
        }
        if (!channel.equals(request.getChannelId())) {
            responses.onError(unknownChannel(Status.Code.FAILED_PRECONDITION, request.getChannelId()));
            return;
        }
        String refusal = broadcastRefusal(txn);
        if (refusal != null) {
            responses.onError(
                    RpcErrors.of(Status.Code.ABORTED, "received unsuccessful response from orderer: " + refusal));
            return;
        }
        try {
            orderer.order(txn.toByteString());
        } catch (OrderingService.Unavailable e) {
            responses.onError(RpcErrors.withDetails(
                    Status.Code.UNAVAILABLE,
                    "no orderers could successfully process transaction",
                    RpcErrors.detail(node, e.getMessage())));
            return;
        }
        responses.onNext(SubmitResponse.getDefaultInstance());
        responses.onCompleted();
    }

    @Override
    public void commitStatus(SignedCommitStatusRequest signed, StreamObserver<CommitStatusResponse> responses) {
        if (signed.getRequest().isEmpty()) {
            responses.onError(RpcErrors.of(Status.Code.INVALID_ARGUMENT, "a commit status request is required"));
            return;
        }
        CommitStatusRequest request;
        try {
            request = CommitStatusRequest.parseFrom(signed.getRequest());
        } catch (InvalidProtocolBufferException e) {
            responses.onError(RpcErrors.of(Status.Code.INVALID_ARGUMENT, "invalid status request: " + e.getMessage()));
            return;
        }
        if (request.getIdentity().isEmpty()) {
            responses.onError(RpcErrors.of(Status.Code.INVALID_ARGUMENT, "no identity provided"));
            return;
        }
        if (request.getChannelId().isEmpty()) {
            responses.onError(RpcErrors.of(Status.Code.INVALID_ARGUMENT, "no channel ID provided"));
            return;
        }
        if (request.getTransactionId().isEmpty()) {
            responses.onError(RpcErrors.of(Status.Code.INVALID_ARGUMENT, "transaction ID should not be empty"));
            return;
        }
        try {
            signedRequests.checkReader(
                    request.getChannelId(), request.getIdentity(), signed.getRequest(), signed.getSignature());
            Context context = Context.current();
            while (true) {
                long height = ledger.height();
                Optional<TxLocation> at = ledger.transaction(request.getTransactionId());
                if (at.isPresent()) {
                    responses.onNext(CommitStatusResponse.newBuilder()
                            .setResult(at.get().code())
                            .setBlockNumber(at.get().blockNumber())
                            .build());
                    responses.onCompleted();
                    return;
                }
                if (context.isCancelled()) {
                    responses.onError(
                            Status.fromThrowable(context.cancellationCause()).asRuntimeException());
                    return;
                }
                ledger.awaitBlock(height, POLL);
            }
        } catch (StatusRuntimeException e) {
            responses.onError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            responses.onError(RpcErrors.of(Status.Code.ABORTED, "the node is shutting down"));
        }
    }

    @Override
    public void chaincodeEvents(
            SignedChaincodeEventsRequest signed, StreamObserver<ChaincodeEventsResponse> responses) {
        if (signed.getRequest().isEmpty()) {
            responses.onError(RpcErrors.of(Status.Code.INVALID_ARGUMENT, "a chaincode events request is required"));
            return;
        }
        ChaincodeEventsRequest request;
        try {
            request = ChaincodeEventsRequest.parseFrom(signed.getRequest());
        } catch (InvalidProtocolBufferException e) {
            responses.onError(
                    RpcErrors.of(Status.Code.INVALID_ARGUMENT, "invalid chaincode events request: " + e.getMessage()));
            return;
        }
        ServerCallStreamObserver<ChaincodeEventsResponse> stream =
                (ServerCallStreamObserver<ChaincodeEventsResponse>) responses;
        try {
            signedRequests.checkReader(
                    request.getChannelId(), request.getIdentity(), signed.getRequest(), signed.getSignature());
            long start = startBlock(request);
            String after = request.getAfterTransactionId();
            boolean skipping = !after.isEmpty()
                    && ledger.transaction(after)
                            .map(t -> t.blockNumber() == start)
                            .orElse(false);
            for (long number = start; !stream.isCancelled(); ) {
                if (!ledger.awaitBlock(number, POLL)) {
                    continue;
                }
                Block block = ledger.block(number);
                List<ChaincodeEvent> events = new ArrayList<>();
                for (CheckedTransaction tx : ledger.transactions(block)) {
                    if (skipping) {
                        skipping = !tx.txId().equals(after);
                        continue;
                    }
                    if (tx.code() == TxValidationCode.VALID
                            && tx.event() != null
                            && tx.event().getChaincodeId().equals(request.getChaincodeId())) {
                        events.add(tx.event());
                    }
                }
                skipping = false;
                if (!events.isEmpty()) {
                    stream.onNext(ChaincodeEventsResponse.newBuilder()
                            .setBlockNumber(number)
                            .addAllEvents(events)
                            .build());
                }
                number++;
            }
        } catch (StatusRuntimeException e) {
            responses.onError(e);
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "cannot read blocks for chaincode events", e);
            responses.onError(RpcErrors.of(Status.Code.ABORTED, e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            responses.onError(RpcErrors.of(Status.Code.ABORTED, "the node is shutting down"));
        } catch (RuntimeException e) {
            if (!stream.isCancelled()) {
                throw e;
            }
        }
    }

    private long startBlock(ChaincodeEventsRequest request) {
        String after = request.getAfterTransactionId();
        if (!after.isEmpty()) {
            Optional<TxLocation> at = ledger.transaction(after);
            if (at.isPresent()) {
                return at.get().blockNumber();
            }
        }
        SeekPosition position = request.getStartPosition();
        return switch (position.getTypeCase()) {
            case TYPE_NOT_SET, NEXT_COMMIT -> ledger.height();
            case SPECIFIED -> position.getSpecified().getNumber();
            case NEWEST ->
                throw RpcErrors.of(
                        Status.Code.INVALID_ARGUMENT, "invalid start position type: *orderer.SeekPosition_Newest");
            case OLDEST ->
                throw RpcErrors.of(
                        Status.Code.INVALID_ARGUMENT, "invalid start position type: *orderer.SeekPosition_Oldest");
        };
    }

    /** Fabric's responseStatus: how a ProcessProposal outcome becomes a gateway error, if it is one. */
    private Optional<StatusRuntimeException> failure(
            Endorser.Outcome outcome, String nonRetryPrefix, String exhaustedMessage) {
        ProposalResponse response = outcome.response();
        if (outcome.error() != null) {
            return Optional.of(gatewayError(
                    Status.Code.FAILED_PRECONDITION, outcome.error(), false, nonRetryPrefix, exhaustedMessage));
        }
        int status = response.getResponse().getStatus();
        if (status >= 200 && status < 400) {
            return Optional.empty();
        }
        if (response.getPayload().isEmpty() && status == 500) {
            return Optional.of(gatewayError(
                    Status.Code.ABORTED, response.getResponse().getMessage(), true, nonRetryPrefix, exhaustedMessage));
        }
        String message =
                "chaincode response " + status + ", " + response.getResponse().getMessage();
        return Optional.of(gatewayError(Status.Code.UNKNOWN, message, false, nonRetryPrefix, exhaustedMessage));
    }

    private StatusRuntimeException gatewayError(
            Status.Code code, String message, boolean retry, String nonRetryPrefix, String exhaustedMessage) {
        ErrorDetail detail = RpcErrors.detail(node, message);
        // Evaluate gives up at once on a non-retryable error; with one endorser a retryable one exhausts the plan.
        if (nonRetryPrefix != null && !retry) {
            return RpcErrors.withDetails(code, nonRetryPrefix + message, detail);
        }
        return RpcErrors.withDetails(nonRetryPrefix == null ? Status.Code.ABORTED : code, exhaustedMessage, detail);
    }

    private StatusRuntimeException unknownChannel(Status.Code code, String channelId) {
        return RpcErrors.of(
                code,
                "failed to get config for channel [" + channelId + "]: could not get last config for channel "
                        + channelId);
    }

    /** The orderer's broadcast checks: size and the channel writers policy (any member's valid signature). */
    private String broadcastRefusal(Envelope txn) {
        int size = txn.getSerializedSize();
        int max = orderer.cutting().absoluteMaxBytes();
        if (size > max) {
            return "status=BAD_REQUEST, info=message payload is " + size + " bytes and exceeds maximum allowed " + max
                    + " bytes";
        }
        try {
            Payload payload = Payload.parseFrom(txn.getPayload());
            ChannelHeader channelHeader =
                    ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (!channel.equals(channelHeader.getChannelId())) {
                return "status=NOT_FOUND, info=channel does not exist";
            }
            SignatureHeader signatureHeader =
                    SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
            authenticator.authenticate(signatureHeader.getCreator(), txn.getPayload(), txn.getSignature());
            return null;
        } catch (InvalidProtocolBufferException e) {
            return "status=BAD_REQUEST, info=bad payload: " + e.getMessage();
        } catch (AuthenticationFailed e) {
            LOG.warning(() -> "transaction refused by the ordering service: " + e.getMessage());
            return "status=FORBIDDEN, info=implicit policy evaluation failed - 0 sub-policies were satisfied, but "
                    + "this policy requires 1 of the 'Writers' sub-policies to be satisfied: permission denied";
        }
    }

    private static ByteString resultOf(ProposalResponse response) {
        try {
            ProposalResponsePayload prp = ProposalResponsePayload.parseFrom(response.getPayload());
            return ChaincodeAction.parseFrom(prp.getExtension()).getResponse().getPayload();
        } catch (InvalidProtocolBufferException e) {
            return response.getResponse().getPayload();
        }
    }

    /** The gateway's prepareTransaction: the unsigned envelope the client signs and submits. */
    private static Envelope prepare(UnpackedProposal up, ProposalResponse response) {
        ChaincodeProposalPayload noTransient = ChaincodeProposalPayload.newBuilder()
                .setInput(up.payload().getInput())
                .build();
        ChaincodeActionPayload actionPayload = ChaincodeActionPayload.newBuilder()
                .setChaincodeProposalPayload(noTransient.toByteString())
                .setAction(ChaincodeEndorsedAction.newBuilder()
                        .setProposalResponsePayload(response.getPayload())
                        .addEndorsements(response.getEndorsement()))
                .build();
        Transaction tx = Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder()
                        .setHeader(up.header().getSignatureHeader())
                        .setPayload(actionPayload.toByteString()))
                .build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(up.header().getChannelHeader())
                        .setSignatureHeader(up.header().getSignatureHeader()))
                .setData(tx.toByteString())
                .build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build();
    }
}
