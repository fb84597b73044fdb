package io.fapiao.ledger.state;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.protos.ledger.queryresult.KeyModification;

/**
 * A consistent read-only view of the world state, key history and transaction index as of one
 * committed block. Keys are compared as UTF-8 bytes, as Fabric's state database does.
 *
 * <pre>{@code
 * try (StateView view = state.snapshot()) {
 *     Optional<VersionedValue> v = view.get("fapiao", "k");
 * }
 * }</pre>
 */
public interface StateView extends AutoCloseable {

    Optional<VersionedValue> get(String namespace, String key);

    /**
     * Keys in {@code [startKey, endKey)} in byte order; an empty {@code endKey} means no upper bound.
     * Close the scan before the view.
     */
    Scan<Map.Entry<String, VersionedValue>> range(String namespace, String startKey, String endKey);

    /** The committed modifications of a key, newest first, as Fabric 2+ returns them. */
    Iterator<KeyModification> history(String namespace, String key);

    Optional<TxLocation> transaction(String txId);

    @Override
    void close();
}
