package io.fapiao.ledger.state;

import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.ledger.queryresult.KeyModification;

/**
 * Everything one committed block changes in the derived stores: state writes of its valid
 * transactions, their key history and the index of every transaction id it holds. Applied atomically
 * together with the savepoint (the block number), so a crash leaves either all of it or none.
 *
 * <pre>{@code
 * BlockUpdate update = new BlockUpdate(7);
 * update.put("fapiao", "k", value, new Height(7, 0), modification);
 * state.apply(update);
 * }</pre>
 */
public final class BlockUpdate {

    /** One key write (value null for a delete). */
    public record Write(String namespace, String key, byte[] value, Height height, KeyModification history) {}

    /** One transaction id's index entry. */
    public record Indexed(String txId, TxLocation location) {}

    private final long blockNumber;
    private final List<Write> writes = new ArrayList<>();
    private final List<Indexed> transactions = new ArrayList<>();

    public BlockUpdate(long blockNumber) {
        this.blockNumber = blockNumber;
    }

    public long blockNumber() {
        return blockNumber;
    }

    public void put(String namespace, String key, byte[] value, Height height, KeyModification history) {
        writes.add(new Write(namespace, key, value, height, history));
    }

    public void index(String txId, TxLocation location) {
        transactions.add(new Indexed(txId, location));
    }

    public List<Write> writes() {
        return List.copyOf(writes);
    }

    public List<Indexed> transactions() {
        return List.copyOf(transactions);
    }
}
