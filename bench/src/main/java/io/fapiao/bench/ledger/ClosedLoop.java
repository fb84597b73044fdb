package io.fapiao.bench.ledger;

import io.fapiao.ledger.client.Committed;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.seal.BillSealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
 * A closed-loop SubmitBill load: each client thread submits one pre-sealed bill, waits for its
 * commit, and submits the next, for a warm-up and then a measured window. Only transactions that
 * complete inside the window count, and only their latencies are recorded.
 *
 * <p>Bills are sealed before the clock starts, because sealing is the hospital's cost, not the
 * ledger's; the pool per client is sized from an expected rate, and a client that empties its pool
 * stops early (the run is then flagged, never padded).
 *
 * <pre>{@code
 * ClosedLoop loop = new ClosedLoop(network, Duration.ofSeconds(5), Duration.ofSeconds(20));
 * RunFigures eight = loop.run(8, 400.0);
 * }</pre>
 */
public final class ClosedLoop {

    /** Bill seeds are never reused, so every bill id is new to the ledger. */
    private static final AtomicLong SEEDS = new AtomicLong(1_000_000);

    private final BenchNetwork network;
    private final Duration warmup;
    private final Duration window;

    public ClosedLoop(BenchNetwork network, Duration warmup, Duration window) {
        this.network = network;
        this.warmup = warmup;
        this.window = window;
    }

    /**
     * Runs {@code clients} closed-loop clients, with enough bills sealed for {@code expectedRate}
     * committed transactions per second (plus a margin).
     */
    public RunFigures run(int clients, double expectedRate) throws BenchInterrupted {
        return run(clients, expectedRate, Optional.empty());
    }

    /**
     * As {@link #run(int, double)}, with a JDK Flight Recording (settings {@code profile}) of the
     * load only, from the first client's start to the last client's end (sealing and setup excluded),
     * written to {@code recording} when given.
     */
    public RunFigures run(int clients, double expectedRate, Optional<Path> recording) throws BenchInterrupted {
        if (clients > network.submitters().size()) {
            throw new IllegalArgumentException(clients + " clients but only " + network.submitters().size()
                    + " submitters are registered");
        }
        double seconds = (warmup.toMillis() + window.toMillis()) / 1000.0;
        int perClient = (int) Math.ceil(expectedRate * seconds * 1.5 / clients) + 20;
        List<List<String>> bills = seal(clients, perClient);

        AtomicBoolean ranDry = new AtomicBoolean();
        AtomicLong failed = new AtomicLong();
        AtomicReference<LedgerException> firstFailure = new AtomicReference<>();
        Set<Long> blocks = ConcurrentHashMap.newKeySet();
        List<Histogram> latencies = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(clients);
        Recording flight = recording.map(ClosedLoop::startRecording).orElse(null);
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + window.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Submitter submitter = network.submitters().get(c);
            Iterator<String> pool = bills.get(c).iterator();
            Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
            latencies.add(histogram);
            threads.add(Thread.ofPlatform().name("bench-client-" + (c + 1)).start(() -> {
                try {
                    while (System.nanoTime() < windowEnd) {
                        if (!pool.hasNext()) {
                            ranDry.set(true);
                            return;
                        }
                        String bill = pool.next();
                        long begun = System.nanoTime();
                        try {
                            Committed committed = submitter.ledger().submit("SubmitBill", bill);
                            long ended = System.nanoTime();
                            if (ended >= windowStart && ended <= windowEnd) {
                                histogram.recordValue(Math.min(histogram.getHighestTrackableValue(),
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
        try {
            finished.await();
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new BenchInterrupted("waiting for " + clients + " clients to finish");
        }
        if (flight != null) {
            stopRecording(flight, recording.get());
        }
        if (firstFailure.get() != null) {
            System.err.println("bench: " + failed.get() + " submission(s) failed in the window; the first: "
                    + firstFailure.get().getMessage());
        }
        Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        latencies.forEach(all::add);
        return new RunFigures(clients, all.getTotalCount(), failed.get(), window.toMillis() / 1000.0,
                all.getValueAtPercentile(50), all.getValueAtPercentile(99), all.getMaxValue(), blocks.size(),
                ranDry.get());
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

    /** Seals {@code perClient} outpatient bills for each of the first {@code clients} submitters, on all cores. */
    private List<List<String>> seal(int clients, int perClient) {
        List<X509Certificate> recipients = network.recipients();
        return IntStream.range(0, clients).parallel().mapToObj(c -> {
            Submitter submitter = network.submitters().get(c);
            List<String> bills = new ArrayList<>(perClient);
            for (int i = 0; i < perClient; i++) {
                try {
                    bills.add(new String(BillSealer.seal(SampleBills.outpatient(SEEDS.getAndIncrement(),
                            submitter.uscc()), submitter.sealer(), recipients).toJson(), StandardCharsets.UTF_8));
                } catch (ProtocolException e) {
                    throw new IllegalStateException("cannot seal a sample bill: " + e.getMessage(), e);
                }
            }
            return bills;
        }).toList();
    }
}
