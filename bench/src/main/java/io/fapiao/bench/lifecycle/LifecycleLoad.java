package io.fapiao.bench.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Drives bills through the real services: each bill is posted to the his-adapter, and the
 * {@link LedgerWatch} stamps its commit, verdict and issuance. Two shapes of load:
 * <ul>
 *   <li>{@link #closed(int) closed loop}: N clients, each posting a bill and waiting until it is issued
 *       (or has failed) before the next: throughput at saturation for enough clients;</li>
 *   <li>{@link #open(double) open loop}: bills sent on a fixed schedule at a target rate whatever the
 *       answers, each timed from the moment it was due, so a stall shows in the latency instead of
 *       silently lowering the offered load (no coordinated omission).</li>
 * </ul>
 * A run is a warm-up, a measured window (CPU and memory are sampled during it) and a drain during
 * which no bill is sent and the window's bills may finish.
 *
 * <pre>{@code
 * LifecycleLoad load = new LifecycleLoad(his, bills, traces, sampler, warmup, window, drain);
 * LifecycleRun saturated = load.closed(16);
 * LifecycleRun half = load.open(saturated.issuedPerSecond() / 2);
 * }</pre>
 */
public final class LifecycleLoad {

    /** Starts CPU and memory sampling for a window; the bench gives the platform's pids. */
    public interface Sampling {
        ResourceSampler start();
    }

    private final HisClient his;
    private final HospitalBills bills;
    private final Traces traces;
    private final Sampling sampling;
    private final Duration warmup;
    private final Duration window;
    private final Duration drain;

    public LifecycleLoad(
            HisClient his,
            HospitalBills bills,
            Traces traces,
            Sampling sampling,
            Duration warmup,
            Duration window,
            Duration drain) {
        this.his = his;
        this.bills = bills;
        this.traces = traces;
        this.sampling = sampling;
        this.warmup = warmup;
        this.window = window;
        this.drain = drain;
    }

    /** {@code clients} closed-loop clients, each with one bill in its lifecycle at a time. */
    public LifecycleRun closed(int clients) throws InterruptedException {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be positive");
        }
        traces.clear();
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + window.toNanos();
        CountDownLatch finished = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        try (ProgressBar bar = progress("closed " + clients, start, windowStart, windowEnd)) {
            for (int c = 0; c < clients; c++) {
                threads.add(Thread.ofVirtual()
                        .name("lifecycle-client-" + (c + 1))
                        .start(() -> {
                            try {
                                while (System.nanoTime() < windowEnd) {
                                    BillTrace trace = send(System.nanoTime());
                                    awaitEnd(trace, windowEnd + drain.toNanos());
                                }
                            } finally {
                                finished.countDown();
                            }
                        }));
            }
            ResourceFigures resources = measureWindow(windowStart, windowEnd);
            // Clients stop sending at the window's end; their last bills finish within the drain.
            if (!finished.await(drain.toNanos() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS)) {
                threads.forEach(Thread::interrupt);
            }
            return figures("closed", clients, 0, windowStart, windowEnd, resources);
        }
    }

    /** Bills sent at {@code rate} per second on a fixed schedule, from the warm-up to the window's end. */
    public LifecycleRun open(double rate) throws InterruptedException {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        traces.clear();
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + window.toNanos();
        long period = (long) (1e9 / rate);
        try (ProgressBar bar = progress(
                        String.format(java.util.Locale.ROOT, "open %.1f/s", rate), start, windowStart, windowEnd);
                ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            Thread schedule = Thread.ofPlatform().name("lifecycle-schedule").start(() -> {
                for (long i = 0; ; i++) {
                    long due = start + i * period;
                    if (due >= windowEnd) {
                        return;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    // execute, not submit: a send that throws is reported by the pool, not lost in a Future.
                    senders.execute(() -> send(due));
                }
            });
            ResourceFigures resources = measureWindow(windowStart, windowEnd);
            schedule.join();
            awaitWindowBills(windowStart, windowEnd, windowEnd + drain.toNanos());
            return figures("open", 0, rate, windowStart, windowEnd, resources);
        }
    }

    /** Registers and posts one bill due at {@code due}. */
    private BillTrace send(long due) {
        HospitalBills.Next next = bills.next();
        BillTrace trace = traces.start(next.billKey(), due);
        HisClient.Answer answer = his.post(next.billKey(), next.json());
        if (answer.accepted()) {
            trace.reached(Stage.ACCEPTED, System.nanoTime());
        } else {
            trace.failed("accepted", answer.status() + " " + answer.code());
        }
        return trace;
    }

    private static void awaitEnd(BillTrace trace, long deadline) {
        try {
            trace.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // unfinished: counted as such in the figures
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a trace completed exceptionally", e);
        }
    }

    private void awaitWindowBills(long windowStart, long windowEnd, long deadline) {
        for (BillTrace trace : traces.dueBetween(windowStart, windowEnd)) {
            if (System.nanoTime() >= deadline) {
                return;
            }
            awaitEnd(trace, deadline);
        }
    }

    private ResourceFigures measureWindow(long windowStart, long windowEnd) throws InterruptedException {
        sleepUntil(windowStart);
        ResourceSampler sampler = sampling.start();
        sleepUntil(windowEnd);
        return sampler.stop();
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private ProgressBar progress(String label, long start, long windowStart, long windowEnd) {
        double total = (windowEnd - start + drain.toNanos()) / 1e9;
        return ProgressBar.start(label, total, () -> {
            long sent = 0;
            long accepted = 0;
            long issued = 0;
            long failed = 0;
            for (BillTrace t : traces.all()) {
                sent++;
                accepted += t.nanos(Stage.ACCEPTED) != 0 ? 1 : 0;
                issued += t.issued() ? 1 : 0;
                failed += t.failure() != null ? 1 : 0;
            }
            String phase =
                    System.nanoTime() < windowStart ? "warm-up" : System.nanoTime() < windowEnd ? "window" : "drain";
            return phase + "  sent " + sent + "  accepted " + accepted + "  issued " + issued + "  failed " + failed
                    + "  in flight " + (sent - issued - failed);
        });
    }

    /** The window's figures, from every trace of this run. */
    LifecycleRun figures(
            String mode, int clients, double rate, long windowStart, long windowEnd, ResourceFigures resources) {
        return summarize(mode, clients, rate, windowStart, windowEnd, traces.all(), resources);
    }

    /** Pure arithmetic over traces; the smoke test feeds it made-up traces. */
    static LifecycleRun summarize(
            String mode,
            int clients,
            double rate,
            long windowStart,
            long windowEnd,
            java.util.Collection<BillTrace> all,
            ResourceFigures resources) {
        double seconds = (windowEnd - windowStart) / 1e9;
        List<BillTrace> window = all.stream()
                .filter(t -> t.dueNanos() >= windowStart && t.dueNanos() < windowEnd)
                .toList();
        Map<Stage, Latency> latencies = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            latencies.put(stage, Latency.of(window.stream().mapToLong(t -> t.micros(stage))));
        }
        long accepted =
                window.stream().filter(t -> t.nanos(Stage.ACCEPTED) != 0).count();
        long refused = window.stream()
                .filter(t -> t.failure() != null && t.failure().stage().equals("accepted"))
                .count();
        long rejected = window.stream()
                .filter(t -> t.failure() != null && t.failure().stage().equals("verified"))
                .count();
        long issued = window.stream().filter(BillTrace::issued).count();
        long unfinished =
                window.stream().filter(t -> !t.issued() && t.failure() == null).count();
        long issuedInWindow = all.stream()
                .filter(t -> inside(t.nanos(Stage.ISSUED), windowStart, windowEnd))
                .count();
        long acceptedInWindow = all.stream()
                .filter(t -> inside(t.nanos(Stage.ACCEPTED), windowStart, windowEnd))
                .count();
        List<String> failures = window.stream()
                .filter(t -> t.failure() != null)
                .limit(5)
                .map(t -> t.billKey() + ": " + t.failure().stage() + " "
                        + t.failure().code())
                .toList();
        return new LifecycleRun(
                mode,
                clients,
                rate,
                seconds,
                window.size(),
                accepted,
                refused,
                rejected,
                issued,
                unfinished,
                issuedInWindow / seconds,
                acceptedInWindow / seconds,
                latencies,
                resources,
                failures);
    }

    private static boolean inside(long nanos, long from, long to) {
        return nanos != 0 && nanos >= from && nanos < to;
    }

    /** A heap reader for the sampler: the service's actuator, when exposed. */
    public static Function<String, OptionalDouble> actuatorHeap(HisClient http, String serviceUrl) {
        return name -> http.heapBytes(serviceUrl);
    }
}
