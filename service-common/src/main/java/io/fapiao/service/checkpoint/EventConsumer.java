package io.fapiao.service.checkpoint;

import io.fapiao.ledger.client.Backoff;
import io.fapiao.ledger.client.ChaincodeEventStream;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.events.EventCheckpoint;
import io.fapiao.ledger.client.events.EventHandler;
import io.fapiao.ledger.client.events.EventHandlingFailed;
import io.fapiao.ledger.client.events.LedgerEvent;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one ledger event consumer for the life of the service: a background thread that reads the
 * contract's events from the consumer's checkpoint and hands each to its handler. When the ledger
 * is unreachable or the handler fails, it waits and starts again from the checkpoint, so a failing
 * event is retried rather than skipped; the wait follows its {@link Backoff} (by default
 * {@link #DEFAULT_BACKOFF}: 100..200 ms, doubling up to 5..10 s).
 *
 * <p>On stop, the event in hand is finished (its handling and checkpoint commit together) before
 * the thread ends; only a handler still busy after a grace period is interrupted, and then nothing of
 * that event is committed: it comes again on the next start (handlers are idempotent). An interrupt
 * at once could land in the middle of a database write, and an interrupted H2 file write closes the
 * store, losing commits that other connections had already seen.
 *
 * <pre>{@code
 * @Bean
 * EventConsumer verdicts(Ledger ledger, JdbcTemplate jdbc, TransactionTemplate tx, Verifier verifier) {
 *     return new EventConsumer("finance-verifier", ledger,
 *             new JdbcEventCheckpoint(jdbc, tx, "finance-verifier"), verifier::onEvent);
 * }
 * }</pre>
 */
public final class EventConsumer implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);
    /** Waits of 100..200 ms after a first failure, doubling up to 5..10 s. */
    public static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    /** How long a stopping consumer lets its handler finish the event in hand before interrupting it. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final String name;
    private final Ledger ledger;
    private final EventCheckpoint checkpoint;
    private final EventHandler handler;
    private final Backoff backoff;
    private volatile boolean running;
    private volatile ChaincodeEventStream stream;
    /** Wakes a consumer waiting to retry when it stops, so that a stop needs no interrupt. */
    private final Object wakeUp = new Object();

    private Thread thread;

    public EventConsumer(String name, Ledger ledger, EventCheckpoint checkpoint, EventHandler handler) {
        this(name, ledger, checkpoint, handler, DEFAULT_BACKOFF);
    }

    public EventConsumer(
            String name, Ledger ledger, EventCheckpoint checkpoint, EventHandler handler, Backoff backoff) {
        this.name = Objects.requireNonNull(name, "name");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("events-" + name).daemon(true).start(this::consume);
    }

    private void consume() {
        // Never reset: the stream only ends by failing, and a consumer that keeps failing should wait longer.
        int failures = 0;
        while (running) {
            Duration wait = backoff.after(failures + 1);
            try (ChaincodeEventStream opened = new ChaincodeEventStream(ledger, checkpoint)) {
                stream = opened;
                if (!running) {
                    return;
                }
                opened.run(this::handle);
                return; // run() only returns once closed
            } catch (EventHandlingFailed e) {
                if (!running) {
                    LOG.info(
                            "{}: event {} of tx {} in block {} not handled before the stop ({}); it comes again on "
                                    + "the next start",
                            name,
                            e.event().name(),
                            e.event().transactionId(),
                            e.event().blockNumber(),
                            describe(e.getCause()));
                    return;
                }
                LOG.warn(
                        "{}: handling event {} of tx {} in block {} failed; retrying from the checkpoint in {} ms: {}",
                        name,
                        e.event().name(),
                        e.event().transactionId(),
                        e.event().blockNumber(),
                        wait.toMillis(),
                        describe(e.getCause()));
            } catch (LedgerException e) {
                LOG.warn("{}: ledger events unavailable; retrying in {} ms: {}", name, wait.toMillis(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("{}: event stream failed; retrying in {} ms", name, wait.toMillis(), e);
            } finally {
                stream = null;
            }
            if (!pause(wait)) {
                return;
            }
            // Past the cap the count no longer matters; kept from wrapping around.
            failures = Math.min(failures + 1, 1_000);
        }
    }

    private void handle(LedgerEvent event) throws Exception {
        handler.handle(event);
        if (Thread.currentThread().isInterrupted()) {
            // Interrupted by stop() after the grace: thrown inside the checkpoint's transaction, so neither the
            // handler's writes nor the new position commit from a thread whose database writes may be cut short.
            throw new InterruptedException("consumer " + name + " stopped while handling the event");
        }
    }

    private static String describe(Throwable cause) {
        // Handlers' exceptions name codes and keys, never bill contents; the class name says which step failed.
        return cause == null ? "" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private boolean pause(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        synchronized (wakeUp) {
            try {
                for (long left = wait.toNanos(); running && left > 0; left = until - System.nanoTime()) {
                    wakeUp.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return running;
    }

    @Override
    public synchronized void stop() {
        // Under the monitor a pause waits on, so the flag and the wake-up cannot pass each other.
        synchronized (wakeUp) {
            running = false;
            wakeUp.notifyAll();
        }
        ChaincodeEventStream current = stream;
        if (current != null) {
            current.close();
        }
        if (thread != null) {
            try {
                thread.join(GRACE);
                if (thread.isAlive()) {
                    // Not at once: an interrupt inside a database write can close an H2 file under it.
                    LOG.warn(
                            "{}: the handler is still busy {} s after the stop; interrupting it",
                            name,
                            GRACE.toSeconds());
                    thread.interrupt();
                    thread.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public String toString() {
        return "EventConsumer[" + name + "]";
    }
}
