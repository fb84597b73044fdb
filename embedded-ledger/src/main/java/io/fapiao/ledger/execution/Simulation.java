package io.fapiao.ledger.execution;

import com.google.protobuf.ByteString;
import io.fapiao.ledger.state.Scan;
import io.fapiao.ledger.state.StateView;
import io.fapiao.ledger.state.VersionedValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.ledger.queryresult.KeyModification;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.QueryReads;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;

/**
 * One transaction's simulation over a state snapshot: it answers the contract's reads from the
 * snapshot and records what Fabric's transaction simulator records, the version of every key read,
 * every range scanned (for phantom-read validation) and every write, then yields them as a
 * {@code TxReadWriteSet}. As in Fabric, a transaction does not read its own writes.
 *
 * <pre>{@code
 * try (StateView view = state.snapshot()) {
 *     Simulation sim = new Simulation(view, "fapiao", txId);
 *     sim.put("k", bytes);
 *     TxReadWriteSet rwset = sim.readWriteSet();
 * }
 * }</pre>
 */
public final class Simulation {

    /** Fabric's limit on results of one unpaginated query (core.yaml totalQueryLimit). */
    static final int TOTAL_QUERY_LIMIT = 100_000;

    private final StateView view;
    private final String namespace;
    private final String txId;
    private final Map<String, KVRead> reads = new LinkedHashMap<>();
    private final TreeMap<String, KVWrite> writes = new TreeMap<>(KeyOrder.UTF8);
    private final List<RangeQueryInfo> ranges = new ArrayList<>();
    private boolean writePerformed;
    private boolean paginatedQueryPerformed;

    public Simulation(StateView view, String namespace, String txId) {
        this.view = view;
        this.namespace = namespace;
        this.txId = txId;
    }

    public byte[] get(String key) {
        Optional<VersionedValue> value = view.get(namespace, key);
        reads.computeIfAbsent(key, k -> {
            KVRead.Builder read = KVRead.newBuilder().setKey(k);
            value.ifPresent(v -> read.setVersion(v.height().toVersion()));
            return read.build();
        });
        return value.map(VersionedValue::value).orElse(null);
    }

    public void put(String key, byte[] value) {
        beforeWrite();
        writes.put(
                key,
                KVWrite.newBuilder()
                        .setKey(key)
                        .setValue(ByteString.copyFrom(value))
                        .build());
    }

    public void delete(String key) {
        beforeWrite();
        writes.put(key, KVWrite.newBuilder().setKey(key).setIsDelete(true).build());
    }

    /** A range scan; {@code pageSize} 0 means unpaginated. Returns the entries and the next bookmark. */
    public Page range(String startKey, String endKey, int pageSize, String bookmark) {
        boolean paginated = pageSize > 0;
        if (paginated) {
            if (writePerformed) {
                throw new SimulationFailed("txid [" + txId + "]: unsuppored transaction. Paginated queries are "
                        + "supported only in a read-only transaction");
            }
            paginatedQueryPerformed = true;
        }
        String start = paginated && bookmark != null && !bookmark.isEmpty() ? bookmark : startKey;
        int limit = paginated ? pageSize : TOTAL_QUERY_LIMIT;
        List<Map.Entry<String, VersionedValue>> entries = new ArrayList<>();
        String next = "";
        try (Scan<Map.Entry<String, VersionedValue>> it = view.range(namespace, start, endKey)) {
            while (it.hasNext()) {
                Map.Entry<String, VersionedValue> e = it.next();
                if (entries.size() == limit) {
                    next = e.getKey();
                    break;
                }
                entries.add(e);
            }
        }
        RangeQueryInfo.Builder info =
                RangeQueryInfo.newBuilder().setStartKey(start).setItrExhausted(next.isEmpty());
        QueryReads.Builder raw = QueryReads.newBuilder();
        for (Map.Entry<String, VersionedValue> e : entries) {
            raw.addKvReads(KVRead.newBuilder()
                    .setKey(e.getKey())
                    .setVersion(e.getValue().height().toVersion()));
        }
        // An iterator closed before the end covers the range up to and including its last key only.
        info.setEndKey(next.isEmpty() ? endKey : entries.getLast().getKey());
        ranges.add(info.setRawReads(raw).build());
        List<Entry> result = entries.stream()
                .map(e -> new Entry(e.getKey(), e.getValue().value()))
                .toList();
        return new Page(result, paginated ? next : "");
    }

    public List<KeyModification> history(String key) {
        List<KeyModification> result = new ArrayList<>();
        view.history(namespace, key).forEachRemaining(result::add);
        return result;
    }

    public String namespace() {
        return namespace;
    }

    public boolean writePerformed() {
        return writePerformed;
    }

    /** The public read-write set, reads and writes sorted by key as Fabric's rwset builder sorts them. */
    public TxReadWriteSet readWriteSet() {
        TreeMap<String, KVRead> sortedReads = new TreeMap<>(KeyOrder.UTF8);
        sortedReads.putAll(reads);
        KVRWSet kv = KVRWSet.newBuilder()
                .addAllReads(sortedReads.values())
                .addAllRangeQueriesInfo(ranges)
                .addAllWrites(writes.values())
                .build();
        return TxReadWriteSet.newBuilder()
                .setDataModel(TxReadWriteSet.DataModel.KV)
                .addNsRwset(NsReadWriteSet.newBuilder().setNamespace(namespace).setRwset(kv.toByteString()))
                .build();
    }

    private void beforeWrite() {
        if (paginatedQueryPerformed) {
            throw new SimulationFailed("txid [" + txId + "]: unsuppored transaction. Transaction has already "
                    + "performed a paginated query. Writes are not allowed");
        }
        writePerformed = true;
    }

    /** A key and its value as a query returns them. */
    public record Entry(String key, byte[] value) {}

    /** A page of a range query and the bookmark to continue from ("" when exhausted). */
    public record Page(List<Entry> entries, String bookmark) {}
}
