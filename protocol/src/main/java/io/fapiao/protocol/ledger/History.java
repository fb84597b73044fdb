package io.fapiao.protocol.ledger;

import java.util.List;

/**
 * What {@code GetHistory} returns: every version of one record, oldest first, from the ledger's key
 * history, each with its transaction id, timestamp and writer.
 *
 * <pre>{@code
 * History history = ledger.history("bill:" + billKey);
 * history.versions().forEach(v -> System.out.println(v.txId() + " " + v.mspId()));
 * }</pre>
 *
 * @param key      the reference asked for, e.g. {@code bill:<uscc>:<billId>} or {@code invoice:<number>}
 * @param versions the versions, oldest first
 */
public record History(String key, List<HistoryEntry> versions) {
    public History {
        versions = List.copyOf(versions);
    }
}
