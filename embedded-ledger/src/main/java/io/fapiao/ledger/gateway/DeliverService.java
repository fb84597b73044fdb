package io.fapiao.ledger.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.ledger.auth.AuthenticationFailed;
import io.fapiao.ledger.auth.Authenticator;
import io.fapiao.ledger.commit.ChannelLedger;
import io.fapiao.ledger.commit.CheckedTransaction;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.common.Status;
import org.hyperledger.fabric.protos.orderer.SeekInfo;
import org.hyperledger.fabric.protos.orderer.SeekPosition;
import org.hyperledger.fabric.protos.peer.BlockAndPrivateData;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.DeliverGrpc;
import org.hyperledger.fabric.protos.peer.DeliverResponse;
import org.hyperledger.fabric.protos.peer.FilteredBlock;
import org.hyperledger.fabric.protos.peer.FilteredChaincodeAction;
import org.hyperledger.fabric.protos.peer.FilteredTransaction;
import org.hyperledger.fabric.protos.peer.FilteredTransactionActions;

/**
 * The peer's Deliver service: block events for signed {@code SeekInfo} requests, as full blocks,
 * filtered blocks (tx ids, validation codes, event names) or blocks with (no) private data. Each
 * request streams blocks from its start to its stop position, waiting for new blocks when asked to
 * block, then ends with a status message, like a Fabric peer.
 *
 * <pre>{@code
 * server.addService(new DeliverService("fapiao", ledger, authenticator));
 * }</pre>
 */
public final class DeliverService extends DeliverGrpc.DeliverImplBase {

    private static final Logger LOG = Logger.getLogger(DeliverService.class.getName());
    private static final Duration POLL = Duration.ofMillis(500);

    private enum Kind {
        FULL,
        FILTERED,
        PRIVATE
    }

    private final String channel;
    private final ChannelLedger ledger;
    private final Authenticator authenticator;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    public DeliverService(String channel, ChannelLedger ledger, Authenticator authenticator) {
        this.channel = channel;
        this.ledger = ledger;
        this.authenticator = authenticator;
    }

    @Override
    public StreamObserver<Envelope> deliver(StreamObserver<DeliverResponse> responses) {
        return requests(responses, Kind.FULL);
    }

    @Override
    public StreamObserver<Envelope> deliverFiltered(StreamObserver<DeliverResponse> responses) {
        return requests(responses, Kind.FILTERED);
    }

    @Override
    public StreamObserver<Envelope> deliverWithPrivateData(StreamObserver<DeliverResponse> responses) {
        return requests(responses, Kind.PRIVATE);
    }

    private StreamObserver<Envelope> requests(StreamObserver<DeliverResponse> responses, Kind kind) {
        ServerCallStreamObserver<DeliverResponse> stream = (ServerCallStreamObserver<DeliverResponse>) responses;
        return new StreamObserver<>() {
            @Override
            public void onNext(Envelope request) {
                // Requests on one stream are served in order, each on its own virtual thread.
                workers.submit(() -> {
                    synchronized (stream) {
                        serve(request, stream, kind);
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                // the client went away; the serving loop sees the cancellation
            }

            @Override
            public void onCompleted() {
                workers.submit(() -> {
                    synchronized (stream) {
                        if (!stream.isCancelled()) {
                            stream.onCompleted();
                        }
                    }
                });
            }
        };
    }

    private void serve(Envelope request, ServerCallStreamObserver<DeliverResponse> stream, Kind kind) {
        try {
            Payload payload = Payload.parseFrom(request.getPayload());
            ChannelHeader channelHeader =
                    ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (channelHeader.getType() != HeaderType.DELIVER_SEEK_INFO_VALUE) {
                status(stream, Status.BAD_REQUEST);
                return;
            }
            if (!channel.equals(channelHeader.getChannelId())) {
                status(stream, Status.NOT_FOUND);
                return;
            }
            SignatureHeader signatureHeader =
                    SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
            try {
                authenticator.authenticate(signatureHeader.getCreator(), request.getPayload(), request.getSignature());
            } catch (AuthenticationFailed e) {
                LOG.warning(() -> "deliver request refused: " + e.getMessage());
                status(stream, Status.FORBIDDEN);
                return;
            }
            SeekInfo seek = SeekInfo.parseFrom(payload.getData());
            long start = position(seek.getStart(), 0);
            long stop = position(seek.getStop(), Long.MAX_VALUE);
            boolean block = seek.getBehavior() == SeekInfo.SeekBehavior.BLOCK_UNTIL_READY;
            if (start > stop) {
                status(stream, Status.BAD_REQUEST);
                return;
            }
            for (long number = start; number <= stop; ) {
                if (stream.isCancelled()) {
                    return;
                }
                if (!ledger.awaitBlock(number, block ? POLL : Duration.ZERO)) {
                    if (!block) {
                        status(stream, Status.NOT_FOUND);
                        return;
                    }
                    continue;
                }
                stream.onNext(response(ledger.block(number), kind));
                number++;
            }
            status(stream, Status.SUCCESS);
        } catch (InvalidProtocolBufferException e) {
            status(stream, Status.BAD_REQUEST);
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "cannot read blocks for deliver", e);
            status(stream, Status.INTERNAL_SERVER_ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status(stream, Status.SERVICE_UNAVAILABLE);
        } catch (RuntimeException e) {
            if (!stream.isCancelled()) {
                LOG.log(Level.WARNING, "deliver stream failed", e);
            }
        }
    }

    private long position(SeekPosition position, long unset) {
        return switch (position.getTypeCase()) {
            case OLDEST -> 0;
            case NEWEST -> Math.max(0, ledger.height() - 1);
            case SPECIFIED -> position.getSpecified().getNumber();
            case NEXT_COMMIT -> ledger.height();
            case TYPE_NOT_SET -> unset;
        };
    }

    private DeliverResponse response(Block block, Kind kind) {
        return switch (kind) {
            case FULL -> DeliverResponse.newBuilder().setBlock(block).build();
            case PRIVATE ->
                DeliverResponse.newBuilder()
                        .setBlockAndPrivateData(BlockAndPrivateData.newBuilder().setBlock(block))
                        .build();
            case FILTERED ->
                DeliverResponse.newBuilder().setFilteredBlock(filtered(block)).build();
        };
    }

    private FilteredBlock filtered(Block block) {
        FilteredBlock.Builder filtered = FilteredBlock.newBuilder()
                .setChannelId(channel)
                .setNumber(block.getHeader().getNumber());
        List<CheckedTransaction> txs = ledger.transactions(block);
        for (CheckedTransaction tx : txs) {
            FilteredTransaction.Builder ft = FilteredTransaction.newBuilder()
                    .setTxid(tx.txId())
                    .setType(tx.config() ? HeaderType.CONFIG : HeaderType.ENDORSER_TRANSACTION)
                    .setTxValidationCode(tx.code());
            if (tx.event() != null) {
                ChaincodeEvent withoutPayload =
                        tx.event().toBuilder().clearPayload().build();
                ft.setTransactionActions(FilteredTransactionActions.newBuilder()
                        .addChaincodeActions(
                                FilteredChaincodeAction.newBuilder().setChaincodeEvent(withoutPayload)));
            }
            filtered.addFilteredTransactions(ft);
        }
        return filtered.build();
    }

    private static void status(StreamObserver<DeliverResponse> stream, Status status) {
        stream.onNext(DeliverResponse.newBuilder().setStatus(status).build());
    }

    /**
     * Stops taking requests and waits up to {@code grace} for the streams being served to end (they
     * see their cancellation within one poll). No interrupt: one landing in a block-file read would
     * close the file channel under every other reader. True if all ended in time.
     */
    public boolean shutdown(Duration grace) throws InterruptedException {
        workers.shutdown();
        return workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    }
}
