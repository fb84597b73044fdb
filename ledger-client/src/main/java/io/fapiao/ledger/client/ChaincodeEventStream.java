package io.fapiao.ledger.client;

import io.fapiao.ledger.client.LedgerException.Step;
import io.fapiao.ledger.client.events.EventCheckpoint;
import io.fapiao.ledger.client.events.EventHandler;
import io.fapiao.ledger.client.events.EventHandlingFailed;
import io.fapiao.ledger.client.events.EventPosition;
import io.fapiao.ledger.client.events.LedgerEvent;
import io.grpc.Status;
import java.util.Optional;
import java.util.OptionalLong;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.ChaincodeEventsRequest;
import org.hyperledger.fabric.client.Checkpoint;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.GatewayRuntimeException;

/**
 * The contract's events, in ledger order, from where the consumer's {@link EventCheckpoint} says it
 * stopped: no gap, and no event handed to the handler again once its position is recorded. A lost
 * connection is re-opened from the checkpoint under the ledger's {@link RetryPolicy}.
 *
 * <pre>{@code
 * try (ChaincodeEventStream stream = new ChaincodeEventStream(ledger, checkpoint)) {
 *     stream.run(event -> verifier.onEvent(event));   // blocks until close() or a failure
 * }
 * }</pre>
 */
public final class ChaincodeEventStream implements AutoCloseable {
    private final Ledger ledger;
    private final EventCheckpoint checkpoint;
    private volatile boolean closed;
    private volatile CloseableIterator<ChaincodeEvent> current;
    private boolean handledOnThisConnection;

    public ChaincodeEventStream(Ledger ledger, EventCheckpoint checkpoint) {
        this.ledger = ledger;
        this.checkpoint = checkpoint;
    }

    /**
     * Hands each event to {@code handler} and advances the checkpoint past it, until {@link #close()}.
     * A consumer with no checkpoint yet starts at the ledger's first block.
     *
     * @throws EventHandlingFailed when the handler throws; the checkpoint stays before that event
     * @throws LedgerException     when the ledger stays unreachable or refuses the request
     */
    public void run(EventHandler handler) throws LedgerException, EventHandlingFailed {
        int failures = 0;
        while (!closed) {
            handledOnThisConnection = false;
            try {
                stream(handler);
            } catch (GatewayRuntimeException e) {
                if (closed) {
                    return;
                }
                if (handledOnThisConnection) {
                    // The connection worked before it dropped: only consecutive failures count, so a
                    // consumer that lives for months is not ended by drops spread over its life.
                    failures = 0;
                }
                GatewayFailure failure = GatewayFailure.of(e);
                failure.throwUnlessTransient(Step.EVENTS, null);
                failures++;
                if (failures >= ledger.settings().retry().maxAttempts()) {
                    throw failure.unavailable(Step.EVENTS, null, failures);
                }
                ledger.pause(Step.EVENTS, null, failures);
            } catch (java.io.IOException e) {
                throw new LedgerUnavailable(
                        Step.EVENTS, null, 1, "cannot read the event checkpoint: " + e.getMessage(), e);
            }
        }
    }

    /** One connection's worth of events; sets {@link #handledOnThisConnection} once one is handled. */
    private void stream(EventHandler handler) throws java.io.IOException, EventHandlingFailed {
        Optional<EventPosition> from = checkpoint.position();
        ChaincodeEventsRequest.Builder request =
                ledger.network().newChaincodeEventsRequest(ledger.settings().chaincode());
        if (from.isPresent()) {
            request.checkpoint(asCheckpoint(from.get()));
        } else {
            request.startBlock(0);
        }
        try (CloseableIterator<ChaincodeEvent> events = request.build().getEvents()) {
            current = events;
            if (closed) {
                return;
            }
            while (events.hasNext()) {
                ChaincodeEvent event = events.next();
                LedgerEvent delivered = new LedgerEvent(
                        event.getEventName(),
                        event.getPayload(),
                        new EventPosition(event.getBlockNumber(), event.getTransactionId()));
                try {
                    checkpoint.advance(delivered.position(), () -> handler.handle(delivered));
                } catch (Exception e) {
                    throw new EventHandlingFailed(delivered, e);
                }
                handledOnThisConnection = true;
            }
        } finally {
            current = null;
        }
        if (!closed) {
            // The ledger ended the stream without an error; treat it like a dropped connection.
            throw new GatewayRuntimeException(
                    Status.UNAVAILABLE.withDescription("event stream ended").asRuntimeException());
        }
    }

    private static Checkpoint asCheckpoint(EventPosition position) {
        return new Checkpoint() {
            @Override
            public OptionalLong getBlockNumber() {
                return OptionalLong.of(position.blockNumber());
            }

            @Override
            public Optional<String> getTransactionId() {
                return Optional.of(position.transactionId());
            }
        };
    }

    /** Stops {@link #run}; safe to call from another thread. */
    @Override
    public void close() {
        closed = true;
        CloseableIterator<ChaincodeEvent> events = current;
        if (events != null) {
            events.close();
        }
    }
}
