package io.fapiao.hisadapter.submission;

import io.fapiao.hisadapter.Backoff;
import io.fapiao.hisadapter.bill.BillJournal;
import io.fapiao.hisadapter.bill.BillReceived;
import io.fapiao.hisadapter.bill.BillStatus;
import io.fapiao.hisadapter.bill.BillVault;
import io.fapiao.hisadapter.bill.Transition;
import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.LedgerRefused;
import io.fapiao.ledger.client.LedgerUnavailable;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.ledger.client.TransactionInvalid;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.service.identity.KeyUnavailable;
import io.fapiao.service.instance.InstanceIdentity;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands received bills to the ledger, one claimed outbox row at a time, in the background:
 * <ol>
 *   <li>seal the bill and <b>store the envelope</b> (status QUEUED) before the first submit: a bill is
 *       sealed once, because a second sealing would differ (fresh keys) and the ledger would call it a
 *       conflict, while the stored envelope submitted again is a harmless repeat;</li>
 *   <li>submit it: on success SUBMITTED with the transaction and block; a transient failure (ledger
 *       unreachable, an MVCC conflict) keeps it QUEUED with the attempt counted and its error code, and it
 *       is tried again after a growing wait, without end;</li>
 *   <li>the ledger decides: a {@code BILL_CONFLICT} refusal may be this adapter's own earlier submission
 *       whose local record was lost, so the ledger's bill is read and, when it is this adapter's own,
 *       adopted ({@link BillAdoption}: its envelope kept, the bill brought up to the ledger's state); only
 *       a conflict with someone else's bill or other content, and the contract's other refusals, are
 *       final: FAILED with the contract's code.</li>
 * </ol>
 * Each outcome is written in one transaction with the outbox row's removal or rescheduling; every such
 * transaction locks the bill's row first (as the event consumer does), so that none upgrades a lock
 * another transaction waits behind (PostgreSQL's foreign-key checks take a share lock on the row).
 *
 * <p>The workers hold their leases as {@code submission@<instance id>} ({@link InstanceIdentity}) and give
 * back what that owner holds when they start, so bills in flight when this process died move again as
 * soon as it is back, not when their leases expire; on stop they give their leases back before the
 * database closes.
 *
 * <pre>{@code
 * new SubmissionWorker(outbox, sealing, vault, journal, ledger, transactions, clock, backoff,
 *         Duration.ofMillis(500), 8, instance)
 * }</pre>
 */
public final class SubmissionWorker implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(SubmissionWorker.class);
    /** The lease owner's queue name: {@code submission@<instance id>}. */
    public static final String QUEUE = "submission";
    /** The contract's code for a bill id already taken by another envelope. */
    static final String BILL_CONFLICT = "BILL_CONFLICT";
    /**
     * How long a stop waits for the bills in hand before giving the leases back: a commit takes a second
     * or two; a worker still waiting for the ledger after that leaves its bill to the next start, where its
     * stored envelope is submitted again, a harmless repeat.
     */
    private static final Duration GRACE = Duration.ofSeconds(10);
    /** A bill is not rescheduled this close to its lease's end: it may be another claim's by then. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

    private final SubmissionOutbox outbox;
    private final BillSealing sealing;
    private final BillVault vault;
    private final BillJournal journal;
    private final FapiaoLedger ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Backoff backoff;
    private final Duration pollInterval;
    private final int workers;
    private final BillAdoption adoption;
    private final String owner;
    private final Object doorbell = new Object();
    private volatile boolean running;
    /** Set when a stop gave up waiting: a worker still busy then writes nothing more (the database may be closing). */
    private volatile boolean abandoned;
    private boolean rung;
    private List<Thread> threads = List.of();
    /** When the lease of the bill a worker thread holds ends (System.nanoTime); unset outside a claim. */
    private final ThreadLocal<Long> claimedUntil = new ThreadLocal<>();

    public SubmissionWorker(SubmissionOutbox outbox, BillSealing sealing, BillVault vault, BillJournal journal,
            FapiaoLedger ledger, TransactionTemplate transactions, Clock clock, Backoff backoff, Duration pollInterval,
            int workers, InstanceIdentity instance) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.sealing = Objects.requireNonNull(sealing, "sealing");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (workers < 1) {
            throw new IllegalArgumentException("at least one submission thread, not " + workers);
        }
        this.workers = workers;
        this.adoption = new BillAdoption(outbox, sealing, vault, journal, ledger, transactions);
        this.owner = Objects.requireNonNull(instance, "instance").leaseOwner(QUEUE);
    }

    /** The name its leases are held under, {@code submission@<instance id>}. */
    public String owner() {
        return owner;
    }

    /** A bill was committed to the outbox: start on it now rather than at the next poll. */
    @TransactionalEventListener
    public void onReceived(BillReceived received) {
        wake();
    }

    void wake() {
        synchronized (doorbell) {
            rung = true;
            doorbell.notifyAll();
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        abandoned = false;
        try {
            // Whatever this owner holds was left by this process's previous life (a crash): take it back now.
            outbox.release(owner);
        } catch (RuntimeException e) {
            LOG.warn("could not take back the submission leases of {}; they expire: {}", owner,
                    e.getClass().getSimpleName());
        }
        // Each thread waits for its bill's commit; several keep the blocks full. A claim is a
        // conditional update of the row's lease, so two threads never hold the same bill.
        List<Thread> started = new java.util.ArrayList<>();
        for (int i = 0; i < workers; i++) {
            started.add(Thread.ofPlatform().name("his-submission-" + i).daemon(true).start(this::work));
        }
        threads = List.copyOf(started);
    }

    private void work() {
        while (running) {
            Optional<String> claimed;
            long claimedAt = System.nanoTime();
            try {
                claimed = outbox.claim(owner);
            } catch (RuntimeException e) {
                LOG.warn("cannot read the submission outbox; trying again in {} ms: {}", pollInterval.toMillis(),
                        e.getClass().getSimpleName());
                claimed = Optional.empty();
            }
            if (claimed.isPresent()) {
                claimedUntil.set(claimedAt + outbox.lease().toNanos());
                try {
                    submit(claimed.get());
                } finally {
                    claimedUntil.remove();
                }
            } else {
                sleep();
            }
        }
    }

    private void sleep() {
        synchronized (doorbell) {
            if (!rung && running) {
                try {
                    doorbell.wait(pollInterval.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            rung = false;
        }
    }

    /** Works on one claimed bill; every path ends with the row removed or given back. */
    void submit(String billKey) {
        try {
            Optional<SubmissionOutbox.Pending> found = outbox.pending(billKey);
            if (found.isEmpty() || found.get().status() == BillStatus.FAILED) {
                // Gone, or failed for good: nothing left to do.
                transactions.executeWithoutResult(s -> outbox.remove(billKey));
                return;
            }
            SubmissionOutbox.Pending pending = found.get();
            if (!pending.status().awaitsSubmission()) {
                // The BillSubmitted event recorded the step first. It matched the bill by its header digest,
                // which a second sealing of the same bill shares: make sure the envelope kept is the ledger's.
                confirm(billKey);
                return;
            }
            byte[] envelope = pending.sealedBill() != null ? pending.sealedBill() : sealOnce(pending);
            if (envelope == null) {
                return;
            }
            Recorded<BillRecord> recorded = ledger.submitBill(SealedBill.fromJson(envelope));
            submitted(billKey, recorded);
        } catch (ChaincodeRejection e) {
            if (BILL_CONFLICT.equals(e.code())) {
                conflict(billKey);
            } else {
                LOG.warn("the ledger refused bill {} for good: {}", billKey, e.code());
                fail(billKey, e.code());
            }
        } catch (LedgerException e) {
            retryLater(billKey, errorCode(e), e.getMessage());
        } catch (KeyUnavailable e) {
            retryLater(billKey, "SEAL_UNAVAILABLE", e.getMessage());
        } catch (ProtocolException e) {
            // A stored envelope that no longer parses, or a bill the sealer refuses: retrying cannot help.
            LOG.error("bill {} cannot be sealed or its envelope read: {}", billKey, e.code());
            fail(billKey, e.code().name());
        } catch (RuntimeException e) {
            String id = UUID.randomUUID().toString();
            LOG.error("submitting bill {} failed unexpectedly, error id {}", billKey, id, e);
            retryLater(billKey, "INTERNAL", "error id " + id);
        }
    }

    /**
     * The ledger holds another envelope under the bill's id: this adapter's own earlier submission (its
     * local record lost) is adopted; anything else is a real conflict.
     */
    private void conflict(String billKey) {
        adoptOrRetry(billKey, true).ifPresent(outcome -> {
            if (outcome == BillAdoption.Outcome.NOT_OURS) {
                LOG.warn("the ledger refused bill {} for good: {} (its id holds another submitter's bill or other "
                        + "content)", billKey, BILL_CONFLICT);
                fail(billKey, BILL_CONFLICT);
            }
        });
    }

    /** A bill the event recorded as SUBMITTED: keep the ledger's envelope, catch up, take the row out. */
    private void confirm(String billKey) {
        adoptOrRetry(billKey, false).ifPresent(outcome -> {
            if (outcome == BillAdoption.Outcome.NOT_OURS) {
                // Only an envelope of identical content sealed by another signer gets here; the status
                // cannot go back. Reconciliation with the ledger reports it.
                LOG.error("bill {} was recorded SUBMITTED from its BillSubmitted event, but the ledger's envelope is "
                        + "not this adapter's ({})", billKey, BILL_CONFLICT);
                transactions.executeWithoutResult(s -> {
                    journal.lock(billKey);
                    outbox.remove(billKey);
                });
            }
        });
    }

    /**
     * Adopts the ledger's bill if it is this adapter's own; empty when the ledger could not be read (the
     * bill is then put back and the question asked again later).
     */
    private Optional<BillAdoption.Outcome> adoptOrRetry(String billKey, boolean afterAttempt) {
        if (leftForNextStart(billKey)) {
            return Optional.empty();
        }
        try {
            return Optional.of(adoption.adopt(billKey, afterAttempt));
        } catch (LedgerException e) {
            String why = "reading the ledger's bill: " + e.getMessage();
            if (afterAttempt) {
                retryLater(billKey, errorCode(e), why);
            } else {
                putBack(billKey, why);
            }
        } catch (ProtocolException e) {
            LOG.error("bill {}: the stored bill cannot be read to compare it with the ledger's: {}", billKey, e.code());
            fail(billKey, e.code().name());
        } catch (RuntimeException e) {
            String id = UUID.randomUUID().toString();
            LOG.error("adopting the ledger's bill {} failed unexpectedly, error id {}", billKey, id, e);
            putBack(billKey, "error id " + id);
        }
        return Optional.empty();
    }

    /** Seals the bill and stores the envelope with the QUEUED step; the stored envelope wins a race. */
    private byte[] sealOnce(SubmissionOutbox.Pending pending) throws ProtocolException, KeyUnavailable {
        Bill bill = Bill.parse(vault.open(pending.billKey(), pending.storedBill()));
        SealedBill sealed = sealing.seal(pending.suite(), bill);
        byte[] envelope = sealed.toJson();
        String headerDigest = sealed.header().headerDigest().base64Url();
        Boolean stored = transactions.execute(s -> {
            journal.lock(pending.billKey());
            if (!outbox.storeEnvelope(pending.billKey(), envelope, headerDigest)) {
                return false;
            }
            journal.record(pending.billKey(), Transition.local(BillStatus.QUEUED, clock.instant().toString()));
            return true;
        });
        if (Boolean.TRUE.equals(stored)) {
            return envelope;
        }
        return outbox.pending(pending.billKey()).map(SubmissionOutbox.Pending::sealedBill).orElse(null);
    }

    private void submitted(String billKey, Recorded<BillRecord> recorded) {
        if (leftForNextStart(billKey)) {
            return;
        }
        BillRecord record = recorded.value();
        if (record.state() != BillState.SUBMITTED) {
            // A repeat answered with a bill that has moved on: take its steps from the ledger, in case the
            // status feed passed over their events while this adapter did not know the bill was submitted.
            Optional<BillAdoption.Outcome> outcome = adoptOrRetry(billKey, true);
            if (outcome.isEmpty() || outcome.get() != BillAdoption.Outcome.NOT_OURS) {
                return;
            }
        }
        String txId = record.submitted().txId();
        // A repeat of an envelope already committed answers with the stored record: its transaction is the
        // original one, whose block the BillSubmitted event fills in.
        Long block = txId.equals(recorded.transactionId()) ? recorded.blockNumber() : null;
        transactions.executeWithoutResult(s -> {
            journal.lock(billKey);
            outbox.countAttempt(billKey, null);
            journal.record(billKey, Transition.onLedger(BillStatus.SUBMITTED, record.submitted().at(), txId, block));
            outbox.remove(billKey);
        });
    }

    private void fail(String billKey, String code) {
        if (leftForNextStart(billKey)) {
            return;
        }
        transactions.executeWithoutResult(s -> {
            journal.lock(billKey);
            outbox.countAttempt(billKey, code);
            journal.record(billKey, Transition.local(BillStatus.FAILED, clock.instant().toString()).withErrorCode(code));
            outbox.remove(billKey);
        });
    }

    private void retryLater(String billKey, String code, String why) {
        if (leftForNextStart(billKey)) {
            return;
        }
        reschedule(billKey, () -> {
            int attempts = transactions.execute(s -> {
                journal.lock(billKey);
                outbox.countAttempt(billKey, code);
                int made = outbox.pending(billKey).map(SubmissionOutbox.Pending::attempts).orElse(1);
                outbox.retryLater(billKey, owner, backoff.after(made));
                return made;
            });
            LOG.warn("bill {} waits for the ledger (attempt {}, {}): {}", billKey, attempts, code, why);
        });
    }

    /** Puts a bill back without counting an attempt on it (nothing was submitted), due after the longest wait. */
    private void putBack(String billKey, String why) {
        if (leftForNextStart(billKey)) {
            return;
        }
        reschedule(billKey, () -> {
            transactions.executeWithoutResult(s -> {
                journal.lock(billKey);
                outbox.retryLater(billKey, owner, backoff.max());
            });
            LOG.warn("bill {} waits to be compared with the ledger's: {}", billKey, why);
        });
    }

    /**
     * Writes a bill's new due time, trying again while the database does not answer (mostly the same
     * outage that made the work fail): a bill left to its lease would wait minutes after the database
     * is back. Gives up when the service stops or the lease nears its end; the expiry then takes the
     * bill up again, as after a crash.
     */
    private void reschedule(String billKey, Runnable write) {
        long leaseEnds = claimedUntil.get() == null ? System.nanoTime() : claimedUntil.get();
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                if (attempt > 1) {
                    LOG.info("bill {} rescheduled once the database answered again (attempt {})", billKey, attempt);
                }
                return;
            } catch (RuntimeException e) {
                Duration wait = backoff.after(attempt);
                if (!running || abandoned || System.nanoTime() + wait.toNanos() > leaseEnds - LEASE_MARGIN.toNanos()) {
                    LOG.error("cannot reschedule bill {}; its lease expires and it is taken up again: {}", billKey,
                            e.getClass().getSimpleName());
                    return;
                }
                if (attempt == 1) {
                    LOG.warn("cannot reschedule bill {} yet; trying until the database answers: {}", billKey,
                            e.getClass().getSimpleName());
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

    /** Whether a stop gave up on this worker: it must not write (its lease is given back, the database closing). */
    private boolean leftForNextStart(String billKey) {
        if (abandoned) {
            LOG.info("bill {} is left for the next start: the service stopped while it waited for the ledger", billKey);
            return true;
        }
        return false;
    }

    private static String errorCode(LedgerException e) {
        if (e instanceof ChaincodeRejection rejection) {
            return rejection.code();
        }
        if (e instanceof LedgerUnavailable) {
            return "LEDGER_UNAVAILABLE";
        }
        if (e instanceof TransactionInvalid invalid) {
            return "TRANSACTION_INVALID_" + invalid.validationCode();
        }
        if (e instanceof LedgerRefused) {
            return "LEDGER_REFUSED";
        }
        return "LEDGER_ERROR";
    }

    @Override
    public void stop() {
        List<Thread> stopping;
        synchronized (this) {
            running = false;
            stopping = threads;
            threads = List.of();
        }
        wake();
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (Thread worker : stopping) {
            try {
                // Not interrupted: an interrupt inside a database write can close an H2 file under it. A
                // thread still waiting for the ledger after the grace keeps waiting until the process exits.
                worker.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stopping.stream().anyMatch(Thread::isAlive)) {
            abandoned = true;
        }
        // Before the database closes: this is a SmartLifecycle, stopped before any bean is destroyed.
        try {
            outbox.release(owner);
            LOG.info("submission workers stopped; leases of {} given back", owner);
        } catch (RuntimeException e) {
            LOG.warn("could not release the submission leases of {}: {}", owner, e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public String toString() {
        return "SubmissionWorker[" + owner + "]";
    }
}
