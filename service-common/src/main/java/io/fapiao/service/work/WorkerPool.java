package io.fapiao.service.work;

import io.fapiao.ledger.client.Backoff;
import io.fapiao.service.instance.InstanceIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * {@code workers} background threads that claim items of one {@link WorkQueue} and hand each to the
 * {@link WorkHandler}, so that the slow part of many items (open a bill, sign, submit a transaction
 * and wait for its commit) runs at the same time while the event consumer that adds them stays fast
 * and sequential. A worker takes the next item as soon as it is done with one, and waits for new ones
 * (woken when this process adds one, else every {@code pollInterval}).
 *
 * <p>An item whose handler throws is put back, due after the pool's {@link Backoff} for its attempts
 * (by default doubling from 200 ms up to 10 s, each wait between half and all of that, so that items
 * that failed together do not all come back together); it is never skipped. When the database does
 * not take that write (or the removal of a finished item), the worker keeps trying with the same
 * backoff until it does or the lease nears its end, so an outage of the database holds the item up
 * only as long as the outage lasts. On stop, the workers finish the item in hand (a worker still busy
 * after a grace period is interrupted, and what it was doing is left for the next start: neither the
 * pool nor, see {@link WorkHandler}, the handler writes from an interrupted worker) and the pool gives
 * back its leases, before the database closes (a pool is a {@link SmartLifecycle} of the default
 * phase, stopped before any bean, the DataSource included, is destroyed).
 *
 * <p>The pool holds its leases as {@code <queue>@<instance id>} ({@link InstanceIdentity}, stable across
 * restarts), and gives back what that owner holds when it starts: a process restarted after a crash
 * takes its own items up at once instead of waiting for their leases to expire, and never touches the
 * leases of another process, which expire only if that process is dead. One pool per queue in a process.
 *
 * <pre>{@code
 * @Bean
 * WorkerPool issuers(WorkQueue issuance, InstanceIdentity instance, Issuance engine, IssuerProperties properties) {
 *     return new WorkerPool("issuance", issuance, instance, properties.workers(),
 *             item -> engine.issue(BillKey.parse(item.key())));
 * }
 * }</pre>
 */
public final class WorkerPool implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    /** Waits of 100..200 ms after a first failure, doubling up to 5..10 s. */
    public static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    /** How long a stopping pool lets its workers finish the item in hand before interrupting them. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** A write of an item's fate is not tried this close to its lease's end: the item may be another claim's by then. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

    private final String name;
    private final WorkQueue queue;
    private final int workers;
    private final WorkHandler handler;
    private final Duration pollInterval;
    private final Backoff backoff;
    private final String owner;
    private volatile boolean running;
    private List<Thread> threads = List.of();

    public WorkerPool(String name, WorkQueue queue, InstanceIdentity instance, int workers, WorkHandler handler) {
        this(name, queue, instance, workers, handler, Duration.ofSeconds(1), DEFAULT_BACKOFF);
    }

    public WorkerPool(
            String name,
            WorkQueue queue,
            InstanceIdentity instance,
            int workers,
            WorkHandler handler,
            Duration pollInterval,
            Backoff backoff) {
        this.name = Objects.requireNonNull(name, "name");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        if (workers < 1) {
            throw new IllegalArgumentException("worker pool " + name + " needs at least one worker, not " + workers);
        }
        this.workers = workers;
        this.owner = Objects.requireNonNull(instance, "instance").leaseOwner(queue.name());
    }

    /** How many workers the pool runs. */
    public int workers() {
        return workers;
    }

    /** The name its leases are held under, {@code <queue>@<instance id>}. */
    public String owner() {
        return owner;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        try {
            // Whatever this owner holds was left by this process's previous life (a crash): take it back now.
            queue.release(owner);
        } catch (RuntimeException e) {
            LOG.warn("{}: could not take back the leases of {}; they expire: {}", name, owner, describe(e));
        }
        List<Thread> started = new ArrayList<>();
        for (int i = 1; i <= workers; i++) {
            started.add(Thread.ofPlatform()
                    .name("work-" + name + "-" + i)
                    .daemon(true)
                    .start(this::work));
        }
        threads = List.copyOf(started);
        LOG.info("{}: {} workers started as {}", name, workers, owner);
    }

    private void work() {
        while (running) {
            // Arrivals signalled before this claim are visible to it: forget them, so that a worker coming back
            // from a long item does not run one empty claim per item added meanwhile.
            queue.forgetArrivals();
            Optional<WorkItem> claimed;
            // Taken before the claim, so the lease this worker holds certainly lasts until then.
            long leaseEnds = System.nanoTime() + queue.lease().toNanos();
            try {
                claimed = queue.claim(owner);
            } catch (RuntimeException e) {
                LOG.warn(
                        "{}: cannot read the work queue; trying again in {} ms: {}",
                        name,
                        pollInterval.toMillis(),
                        describe(e));
                claimed = Optional.empty();
            }
            if (claimed.isPresent()) {
                process(claimed.get(), leaseEnds);
                continue;
            }
            try {
                queue.awaitArrival(pollInterval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void process(WorkItem item, long leaseEnds) {
        try {
            handler.handle(item);
        } catch (WorkDeferred e) {
            LOG.debug("{}: {} waits: {}", name, item.key(), e.getMessage());
            settle(item, "put back", () -> queue.retryLater(item, owner, e.retryAfter(), null), leaseEnds);
            return;
        } catch (Exception e) {
            if (!running) {
                // Stopped in the middle (perhaps interrupted): stop() gives the lease back, the next start does it.
                LOG.info(
                        "{}: {} not finished before the stop ({}); it is taken up again on the next start",
                        name,
                        item.key(),
                        describe(e));
                return;
            }
            int attempts = item.attempts() + 1;
            Duration wait = backoff.after(attempts);
            LOG.warn(
                    "{}: {} failed (attempt {}); trying again in {} ms: {}",
                    name,
                    item.key(),
                    attempts,
                    wait.toMillis(),
                    describe(e));
            settle(item, "put back", () -> queue.retryLater(item, owner, wait, describe(e)), leaseEnds);
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            // Interrupted by stop() after the grace: the database may be closing under this thread (an interrupt in
            // a write can close an H2 file). The handler is idempotent: the next start does the item again.
            LOG.info("{}: {} left for the next start: the pool stopped while it was in hand", name, item.key());
            return;
        }
        settle(item, "remove", () -> queue.remove(item), leaseEnds);
    }

    /**
     * Writes what became of an item (removed, or put back), trying again while the database does not
     * answer: a failure here is mostly the database being away, the same outage that made the handler
     * fail, and an item left to its lease would wait minutes after the database is back. Gives up only
     * when the pool stops or the lease is about to end (then the item is another claim's, and the
     * expiry takes it up again, as after a crash).
     */
    private void settle(WorkItem item, String what, Runnable write, long leaseEnds) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                if (attempt > 1) {
                    LOG.info(
                            "{}: {} {} once the database answered again (attempt {})", name, what, item.key(), attempt);
                }
                return;
            } catch (RuntimeException e) {
                Duration wait = backoff.after(attempt);
                if (!running || System.nanoTime() + wait.toNanos() > leaseEnds - LEASE_MARGIN.toNanos()) {
                    LOG.error(
                            "{}: cannot {} {}; its lease expires and it is taken up again: {}",
                            name,
                            what,
                            item.key(),
                            describe(e));
                    return;
                }
                if (attempt == 1) {
                    LOG.warn(
                            "{}: cannot {} {} yet; trying until the database answers: {}",
                            name,
                            what,
                            item.key(),
                            describe(e));
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String describe(Throwable e) {
        // Handlers' exceptions name codes and keys, never bill contents; the class name says which step failed.
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public void stop() {
        List<Thread> stopping;
        synchronized (this) {
            running = false;
            stopping = threads;
            threads = List.of();
        }
        queue.wake(stopping.size());
        long deadline = System.nanoTime() + GRACE.toNanos();
        try {
            for (Thread worker : stopping) {
                worker.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            for (Thread worker : stopping) {
                if (worker.isAlive()) {
                    // Not at once: an interrupt inside a database write can close an H2 file under it.
                    worker.interrupt();
                }
            }
            for (Thread worker : stopping) {
                worker.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            queue.release(owner);
            LOG.info("{}: workers stopped; leases of {} given back", name, owner);
        } catch (RuntimeException e) {
            LOG.warn("{}: could not give back the leases of {}: {}", name, owner, describe(e));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public String toString() {
        return "WorkerPool[" + name + ", " + workers + " workers]";
    }
}
