package io.fapiao.ledger.client.events;

import java.util.Objects;

/**
 * Where a consumer stands in the ledger's event history: the last event it handled was written by
 * transaction {@code transactionId} in block {@code blockNumber}. Resuming asks the ledger for that
 * block's events after that transaction, so nothing is skipped and nothing handled twice.
 */
public record EventPosition(long blockNumber, String transactionId) {

    public EventPosition {
        if (blockNumber < 0) {
            throw new IllegalArgumentException("block number must not be negative: " + blockNumber);
        }
        Objects.requireNonNull(transactionId, "transactionId");
    }
}
