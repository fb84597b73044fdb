package io.fapiao.hisadapter.bill;

import io.fapiao.hisadapter.HisProperties;
import io.fapiao.ledger.client.Backoff;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.governance.SubmitterHistory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This adapter's copy of the ledger's registry records of the submitters it serves
 * ({@code fapiao.his.submitters}), each with its history ({@link SubmitterHistory}, the same reading the
 * finance verifier judges bills by). A background thread reads them at start and again every
 * {@code fapiao.his.intake.registry-refresh}; after a failed read it tries again after a growing wait.
 *
 * <p>Intake never waits for the ledger: it asks {@link #history} and gets the last copy read, or
 * nothing when the ledger has not been reachable since the start. A bill is then taken in without the
 * registry's checks (and the verifier still makes them), because a 202 while the ledger is away is
 * what the adapter is for.
 *
 * <pre>{@code
 * Optional<SubmitterHistory> registry = submitters.history(bill.issuerId());
 * registry.flatMap(h -> h.inForceAt(issuedAt)).map(Submitter::name);
 * }</pre>
 */
@Component
public class RegisteredSubmitters implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(RegisteredSubmitters.class);

    private final FapiaoLedger ledger;
    private final List<String> submitters;
    private final Duration refresh;
    private final Backoff backoff;
    private final Map<String, SubmitterHistory> copies = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    public RegisteredSubmitters(FapiaoLedger ledger, HisProperties his, IntakeProperties intake, Backoff backoff) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.submitters = List.copyOf(his.submitters());
        this.refresh = intake.registryRefresh();
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** The last copy read of {@code uscc}'s registry history; empty when none could be read yet. */
    public Optional<SubmitterHistory> history(String uscc) {
        return Optional.ofNullable(copies.get(uscc));
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("his-registry").daemon(true).start(this::work);
    }

    private void work() {
        int failures = 0;
        while (running) {
            Duration wait = refresh;
            try {
                for (String uscc : submitters) {
                    copies.put(uscc, SubmitterHistory.read(ledger, uscc));
                }
                if (failures > 0) {
                    LOG.info(
                            "read the registry records of {} submitters again after {} failed attempts",
                            submitters.size(),
                            failures);
                }
                failures = 0;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                failures++;
                wait = backoff.after(failures);
                // Once, not at every attempt: the submission worker already reports the ledger's outages.
                if (failures == 1) {
                    LOG.warn(
                            "cannot read the submitter registry from the ledger ({}); bills are checked against "
                                    + "the last copy read ({} of {} submitters), and again by the finance verifier",
                            e.toString(),
                            copies.size(),
                            submitters.size());
                }
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
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
}
