package io.fapiao.bench.ledger;

import io.fapiao.bench.lifecycle.ResourceFigures;
import io.fapiao.bench.lifecycle.ResourceSampler;
import io.fapiao.ledger.client.Committed;
import io.fapiao.ledger.client.LedgerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load of one {@link Workload}: each client thread submits one transaction, waits for
 * its commit, and submits the next, for a warm-up and then a measured window. Only transactions that
 * complete inside the window count, and only their latencies are recorded. The CPU of the ledger's
 * processes ({@link LedgerUnderTest#processes()}) and of the whole machine is sampled over the window.
 *
 * <p>Arguments (sealed bills, values) are prepared before the clock starts; the pool per client is
 * sized from an expected rate, and a client that empties its pool stops early (the run is then
 * flagged, never padded).
 *
 * <pre>{@code
 * ClosedLoop loop = new ClosedLoop(network, Duration.ofSeconds(5), Duration.ofSeconds(20));
 * RunFigures eight = loop.run(Workload.SUBMIT_BILL, 8, 400.0);
 * }</pre>
 */
public final class ClosedLoop {

    /**
     * Something started when a run's measured window opens (a profiler) and waited for after the run.
     *
     * <pre>{@code
     * WindowWatcher profiler = (workload, clients, window) -> Optional.of(new ProcessBuilder("perf", ...).start());
     * }</pre>
     */
    @FunctionalInterface
    public interface WindowWatcher {
        /** Starts watching the window of {@code workload} with {@code clients} clients; empty if nothing was started. */
        Optional<Process> windowOpens(Workload workload, int clients, Duration window) throws IOException;
    }

    private final LedgerUnderTest ledger;
    private final Duration warmup;
    private final Duration window;
    private final WindowWatcher watcher;

    public ClosedLoop(LedgerUnderTest ledger, Duration warmup, Duration window) {
        this(ledger, warmup, window, (workload, clients, length) -> Optional.empty());
    }

    /** A loop that starts {@code watcher} when each measured window opens. */
    public ClosedLoop(LedgerUnderTest ledger, Duration warmup, Duration window, WindowWatcher watcher) {
        this.ledger = ledger;
        this.warmup = warmup;
        this.window = window;
        this.watcher = watcher;
    }

    /**
     * Runs {@code clients} closed-loop clients of {@code workload}, with enough arguments prepared for
     * {@code expectedRate} committed transactions per second (plus a margin).
     */
    public RunFigures run(Workload workload, int clients, double expectedRate) throws BenchInterrupted {
        return run(workload, clients, expectedRate, Optional.empty());
    }

    /**
     * As {@link #run(Workload, int, double)}, with a JDK Flight Recording (settings {@code profile}) of
     * the load only, from the first client's start to the last client's end (preparation and setup
     * excluded), written to {@code recording} when given.
     */
    public RunFigures run(Workload workload, int clients, double expectedRate, Optional<Path> recording)
            throws BenchInterrupted {
        if (clients > ledger.submitters().size()) {
            throw new IllegalArgumentException(
                    clients + " clients but only " + ledger.submitters().size() + " submitters are registered");
        }
        double seconds = (warmup.toMillis() + window.toMillis()) / 1000.0;
        int perClient = (int) Math.ceil(expectedRate * seconds * 1.5 / clients) + 20;
        List<List<String>> arguments = prepare(workload, clients, perClient);
        System.err.println(
                "bench: " + clients * perClient + " " + workload.label() + " transactions prepared; load" + " running");

        AtomicBoolean ranDry = new AtomicBoolean();
        AtomicLong failed = new AtomicLong();
        AtomicReference<LedgerException> firstFailure = new AtomicReference<>();
        Set<Long> blocks = ConcurrentHashMap.newKeySet();
        List<Histogram> latencies = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(clients);
        AtomicReference<ResourceSampler> sampler = new AtomicReference<>();
        AtomicReference<Process> watching = new AtomicReference<>();
        Map<String, Long> processes = ledger.processes();
        String loadBefore = loadAverage();
        Recording flight = recording.map(ClosedLoop::startRecording).orElse(null);
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + window.toNanos();
        Thread samplerStart = Thread.ofPlatform().daemon().name("bench-sampler").start(() -> {
            try {
                Thread.sleep(Duration.ofNanos(Math.max(0, windowStart - System.nanoTime())));
                sampler.set(ResourceSampler.start(processes, Map.of()));
                watcher.windowOpens(workload, clients, window).ifPresent(watching::set);
            } catch (InterruptedException e) {
                // the run ended first
            } catch (IOException e) {
                System.err.println("bench: could not start watching the window: " + e.getMessage());
            }
        });
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Submitter submitter = ledger.submitters().get(c);
            Iterator<String> pool = arguments.get(c).iterator();
            Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
            latencies.add(histogram);
            threads.add(Thread.ofPlatform().name("bench-client-" + (c + 1)).start(() -> {
                try {
                    while (System.nanoTime() < windowEnd) {
                        if (!pool.hasNext()) {
                            ranDry.set(true);
                            return;
                        }
                        String argument = pool.next();
                        long begun = System.nanoTime();
                        try {
                            Committed committed = workload.submit(submitter, argument);
                            long ended = System.nanoTime();
                            if (ended >= windowStart && ended <= windowEnd) {
                                histogram.recordValue(Math.min(
                                        histogram.getHighestTrackableValue(),
                                        TimeUnit.NANOSECONDS.toMicros(ended - begun)));
                                blocks.add(committed.blockNumber());
                            }
                        } catch (LedgerException e) {
                            long ended = System.nanoTime();
                            if (ended >= windowStart && ended <= windowEnd) {
                                failed.incrementAndGet();
                            }
                            firstFailure.compareAndSet(null, e);
                        }
                    }
                } finally {
                    finished.countDown();
                }
            }));
        }
        ResourceFigures resources;
        try {
            // The window's end, not the last client's: a client waits out its last commit after it.
            Thread.sleep(Duration.ofNanos(Math.max(0, windowEnd - System.nanoTime())));
            samplerStart.join();
            resources = sampler.get() == null ? null : sampler.get().stop();
            finished.await();
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            samplerStart.interrupt();
            Thread.currentThread().interrupt();
            throw new BenchInterrupted("waiting for " + clients + " clients to finish");
        }
        if (flight != null) {
            stopRecording(flight, recording.get());
        }
        if (watching.get() != null) {
            try {
                if (!watching.get().waitFor(window.toSeconds() + 120, TimeUnit.SECONDS)) {
                    watching.get().destroy();
                }
            } catch (InterruptedException e) {
                watching.get().destroy();
                Thread.currentThread().interrupt();
                throw new BenchInterrupted("waiting for the window's watcher");
            }
        }
        if (firstFailure.get() != null) {
            System.err.println(
                    "bench: " + failed.get() + " " + workload.label() + " submission(s) failed in the window;"
                            + " the first: " + firstFailure.get().getMessage());
        }
        Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        latencies.forEach(all::add);
        return new RunFigures(
                workload,
                clients,
                all.getTotalCount(),
                failed.get(),
                window.toMillis() / 1000.0,
                all.getValueAtPercentile(50),
                all.getValueAtPercentile(99),
                all.getMaxValue(),
                blocks.size(),
                ranDry.get(),
                Optional.ofNullable(resources),
                loadBefore,
                loadAverage());
    }

    /** The 1-minute load average from {@code /proc/loadavg}, or "unknown". */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Recording startRecording(Path file) {
        try {
            Recording flight = new Recording(Configuration.getConfiguration("profile"));
            flight.setName("fapiao-ledger-bench");
            flight.start();
            return flight;
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot start a flight recording: " + e.getMessage(), e);
        }
    }

    private static void stopRecording(Recording flight, Path file) {
        try (flight) {
            flight.stop();
            flight.dump(file);
            System.err.println("bench: flight recording of the load written to " + file);
        } catch (IOException e) {
            System.err.println("bench: cannot write the flight recording " + file + ": " + e.getMessage());
        }
    }

    /** {@code perClient} arguments for each of the first {@code clients} submitters, on all cores. */
    private List<List<String>> prepare(Workload workload, int clients, int perClient) {
        List<X509Certificate> recipients = ledger.recipients();
        return IntStream.range(0, clients)
                .parallel()
                .mapToObj(c -> workload.prepare(ledger.submitters().get(c), recipients, perClient))
                .toList();
    }
}
