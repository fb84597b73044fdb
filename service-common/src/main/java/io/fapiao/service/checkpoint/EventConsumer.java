package io.fapiao.service.checkpoint;

import io.fapiao.ledger.client.Backoff;
import io.fapiao.ledger.client.ChaincodeEventStream;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.events.EventCheckpoint;
import io.fapiao.ledger.client.events.EventHandler;
import io.fapiao.ledger.client.events.EventHandlingFailed;
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

    private final String name;
    private final Ledger ledger;
    private final EventCheckpoint checkpoint;
    private final EventHandler handler;
    private final Backoff backoff;
    private volatile boolean running;
    private volatile ChaincodeEventStream stream;
    private Thread thread;

    public EventConsumer(String name, Ledger ledger, EventCheckpoint checkpoint, EventHandler handler) {
        this(name, ledger, checkpoint, handler, DEFAULT_BACKOFF);
    }

    public EventConsumer(String name, Ledger ledger, EventCheckpoint checkpoint, EventHandler handler,
            Backoff backoff) {
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
                opened.run(handler);
                return; // run() only returns once closed
            } catch (EventHandlingFailed e) {
                LOG.warn("{}: handling event {} of tx {} in block {} failed; retrying from the checkpoint in {} ms: {}",
                        name, e.event().name(), e.event().transactionId(), e.event().blockNumber(),
                        wait.toMillis(), describe(e.getCause()));
            } catch (LedgerException e) {
                LOG.warn("{}: ledger events unavailable; retrying in {} ms: {}", name, wait.toMillis(),
                        e.getMessage());
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

    private static String describe(Throwable cause) {
        // Handlers' exceptions name codes and keys, never bill contents; the class name says which step failed.
        return cause == null ? "" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private boolean pause(Duration wait) {
        try {
            Thread.sleep(wait);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        ChaincodeEventStream current = stream;
        if (current != null) {
            current.close();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10));
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
