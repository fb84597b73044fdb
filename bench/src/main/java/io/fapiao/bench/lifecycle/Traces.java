package io.fapiao.bench.lifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bills of the current run by key, so that the ledger's events (which name the bill key) find
 * their trace. Events of other bills (earlier runs, the demo) are counted and ignored.
 *
 * <pre>{@code
 * BillTrace trace = traces.start("91110108MA01ABCD2X:MZ0001", System.nanoTime());
 * traces.find(billKey).ifPresent(t -> t.reached(Stage.COMMITTED, now));
 * }</pre>
 */
public final class Traces {
    private final Map<String, BillTrace> byKey = new ConcurrentHashMap<>();
    private final LongAdder foreign = new LongAdder();

    /** Registers a bill before it is sent, so no event can arrive for an unknown bill. */
    public BillTrace start(String billKey, long dueNanos) {
        BillTrace trace = new BillTrace(billKey, dueNanos);
        if (byKey.putIfAbsent(billKey, trace) != null) {
            throw new IllegalStateException("bill " + billKey + " was already sent in this run");
        }
        return trace;
    }

    public Optional<BillTrace> find(String billKey) {
        BillTrace trace = byKey.get(billKey);
        if (trace == null) {
            foreign.increment();
        }
        return Optional.ofNullable(trace);
    }

    /** Every bill of this run, in no particular order. */
    public Collection<BillTrace> all() {
        return new ArrayList<>(byKey.values());
    }

    /** Bills due in [{@code from}, {@code to}) nanos. */
    public List<BillTrace> dueBetween(long from, long to) {
        return byKey.values().stream()
                .filter(t -> t.dueNanos() >= from && t.dueNanos() < to)
                .toList();
    }

    /** Events seen for bills this run did not send. */
    public long foreignEvents() {
        return foreign.sum();
    }

    /** Forgets every bill (between runs); events for them are then foreign. */
    public void clear() {
        byKey.clear();
    }
}
