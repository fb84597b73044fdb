package io.fapiao.service.checkpoint;

import io.fapiao.ledger.client.events.EventCheckpoint;
import io.fapiao.ledger.client.events.EventPosition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A consumer's position in the ledger's event history, kept in the service's own database (table
 * {@code event_checkpoint}). The handler's database writes and the new position commit in one
 * transaction, so after a crash an event is either fully handled and recorded or not at all: no gap,
 * no double handling.
 *
 * <pre>{@code
 * EventCheckpoint checkpoint = new JdbcEventCheckpoint(jdbc, transactions, "finance-verifier");
 * new ChaincodeEventStream(ledger, checkpoint).run(verifier::onEvent);
 * }</pre>
 */
public final class JdbcEventCheckpoint implements EventCheckpoint {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String consumer;

    public JdbcEventCheckpoint(JdbcTemplate jdbc, TransactionTemplate transactions, String consumer) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    @Override
    public Optional<EventPosition> position() {
        List<EventPosition> rows = jdbc.query(
                "select block_number, transaction_id from event_checkpoint where consumer = ?",
                (rs, n) -> new EventPosition(rs.getLong(1), rs.getString(2)),
                consumer);
        return rows.stream().findFirst();
    }

    @Override
    public void advance(EventPosition position, Handling handling) throws Exception {
        try {
            transactions.executeWithoutResult(status -> {
                try {
                    handling.run();
                } catch (Exception e) {
                    throw new HandlingFailed(e);
                }
                int updated = jdbc.update(
                        "update event_checkpoint set block_number = ?, transaction_id = ?, "
                                + "updated_at = current_timestamp where consumer = ?",
                        position.blockNumber(),
                        position.transactionId(),
                        consumer);
                if (updated == 0) {
                    jdbc.update(
                            "insert into event_checkpoint (consumer, block_number, transaction_id, updated_at) "
                                    + "values (?, ?, ?, current_timestamp)",
                            consumer,
                            position.blockNumber(),
                            position.transactionId());
                }
            });
        } catch (HandlingFailed e) {
            throw e.handlerException;
        }
    }

    @Override
    public String toString() {
        return "JdbcEventCheckpoint[" + consumer + "]";
    }

    /** Carries the handler's checked exception out of the transaction callback, which rolls back. */
    private static final class HandlingFailed extends RuntimeException {
        private final Exception handlerException;

        HandlingFailed(Exception cause) {
            super(cause);
            this.handlerException = cause;
        }
    }
}
