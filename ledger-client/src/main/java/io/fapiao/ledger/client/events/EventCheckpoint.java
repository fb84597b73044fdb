package io.fapiao.ledger.client.events;

import java.io.IOException;
import java.util.Optional;

/**
 * A durable record of how far a consumer has got. Exactly-once handling needs the handler's effects
 * and the new position to be stored together: a checkpoint kept in the consumer's own database runs
 * {@code handling} and records {@code position} in one database transaction. {@link FileEventCheckpoint}
 * cannot do that for effects stored elsewhere; see its notes.
 *
 * <pre>{@code
 * // in a service, over its own database:
 * public void advance(EventPosition position, Handling handling) throws Exception {
 *     transactions.run(() -> { handling.run(); positions.save(consumer, position); });
 * }
 * }</pre>
 */
public interface EventCheckpoint {

    /** The last position recorded, or empty when the consumer has handled nothing yet. */
    Optional<EventPosition> position() throws IOException;

    /** Runs {@code handling} and then records {@code position}; if handling fails, nothing is recorded. */
    void advance(EventPosition position, Handling handling) throws Exception;

    /** The handler's work for one event. */
    @FunctionalInterface
    interface Handling {
        void run() throws Exception;
    }
}
