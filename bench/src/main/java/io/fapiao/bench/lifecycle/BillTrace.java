package io.fapiao.bench.lifecycle;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the generator saw of one bill: when it was due, when each {@link Stage} was reached
 * ({@link System#nanoTime()}), and how it ended. Written by the sender and the event stream, read by
 * the closed-loop clients (through {@link #done()}) and the report.
 *
 * <pre>{@code
 * BillTrace trace = traces.start(billKey, System.nanoTime());
 * trace.reached(Stage.ACCEPTED, System.nanoTime());
 * trace.done().get(60, SECONDS);
 * }</pre>
 */
public final class BillTrace {

    /** How a bill ended, when it did not end ISSUED. */
    public record Failure(String stage, String code) {}

    private final String billKey;
    private final long dueNanos;
    private final AtomicLongArray reached = new AtomicLongArray(Stage.values().length);
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private final CompletableFuture<BillTrace> done = new CompletableFuture<>();

    public BillTrace(String billKey, long dueNanos) {
        this.billKey = billKey;
        this.dueNanos = dueNanos;
    }

    public String billKey() {
        return billKey;
    }

    public long dueNanos() {
        return dueNanos;
    }

    /** Records the first time {@code stage} was seen; later sightings (redelivery) keep the first. */
    public void reached(Stage stage, long nanos) {
        if (reached.compareAndSet(stage.ordinal(), 0, Math.max(1, nanos))) {
            if (stage == Stage.ISSUED) {
                done.complete(this);
            }
        }
    }

    /** Ends the bill without an invoice: refused by the adapter, rejected by the bureau, timed out. */
    public void failed(String stage, String code) {
        if (failure.compareAndSet(null, new Failure(stage, code))) {
            done.complete(this);
        }
    }

    /** When {@code stage} was reached, or 0. */
    public long nanos(Stage stage) {
        return reached.get(stage.ordinal());
    }

    /** Microseconds from due to {@code stage}, or -1 when not reached. */
    public long micros(Stage stage) {
        long at = nanos(stage);
        return at == 0 ? -1 : Math.max(0, (at - dueNanos) / 1000);
    }

    public boolean issued() {
        return nanos(Stage.ISSUED) != 0;
    }

    public Failure failure() {
        return failure.get();
    }

    /** Completes when the bill is issued or has failed. */
    public CompletableFuture<BillTrace> done() {
        return done;
    }

    /** The stages reached, in order. */
    public List<Stage> stages() {
        return java.util.Arrays.stream(Stage.values())
                .filter(s -> nanos(s) != 0)
                .toList();
    }
}
