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
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.service.identity.KeyUnavailable;
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
 *       is tried again after a growing wait, without end; the contract's refusal is final: FAILED.</li>
 * </ol>
 * Each outcome is written in one transaction with the outbox row's removal or rescheduling; every such
 * transaction locks the bill's row first (as the event consumer does), so that none upgrades a lock
 * another transaction waits behind (PostgreSQL's foreign-key checks take a share lock on the row).
 *
 * <pre>{@code
 * new SubmissionWorker(outbox, sealing, vault, journal, ledger, transactions, clock, backoff, Duration.ofMillis(500), 8)
 * }</pre>
 */
public final class SubmissionWorker implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(SubmissionWorker.class);

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
    private final String owner = "submission-" + UUID.randomUUID();
    private final Object doorbell = new Object();
    private volatile boolean running;
    private boolean rung;
    private List<Thread> threads = List.of();

    public SubmissionWorker(SubmissionOutbox outbox, BillSealing sealing, BillVault vault, BillJournal journal,
            FapiaoLedger ledger, TransactionTemplate transactions, Clock clock, Backoff backoff, Duration pollInterval,
            int workers) {
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
            try {
                claimed = outbox.claim(owner);
            } catch (RuntimeException e) {
                LOG.warn("cannot read the submission outbox; trying again in {} ms: {}", pollInterval.toMillis(),
                        e.getClass().getSimpleName());
                claimed = Optional.empty();
            }
            if (claimed.isPresent()) {
                submit(claimed.get());
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
            if (found.isEmpty() || !found.get().status().awaitsSubmission()) {
                // Already submitted (the event consumer saw it first) or failed: nothing left to do.
                transactions.executeWithoutResult(s -> outbox.remove(billKey));
                return;
            }
            SubmissionOutbox.Pending pending = found.get();
            byte[] envelope = pending.sealedBill() != null ? pending.sealedBill() : sealOnce(pending);
            if (envelope == null) {
                return;
            }
            Recorded<BillRecord> recorded = ledger.submitBill(SealedBill.fromJson(envelope));
            submitted(billKey, recorded);
        } catch (ChaincodeRejection e) {
            LOG.warn("the ledger refused bill {} for good: {}", billKey, e.code());
            fail(billKey, e.code());
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
        BillRecord record = recorded.value();
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
        transactions.executeWithoutResult(s -> {
            journal.lock(billKey);
            outbox.countAttempt(billKey, code);
            journal.record(billKey, Transition.local(BillStatus.FAILED, clock.instant().toString()).withErrorCode(code));
            outbox.remove(billKey);
        });
    }

    private void retryLater(String billKey, String code, String why) {
        try {
            int attempts = transactions.execute(s -> {
                journal.lock(billKey);
                outbox.countAttempt(billKey, code);
                int made = outbox.pending(billKey).map(SubmissionOutbox.Pending::attempts).orElse(1);
                outbox.retryLater(billKey, owner, backoff.after(made));
                return made;
            });
            LOG.warn("bill {} waits for the ledger (attempt {}, {}): {}", billKey, attempts, code, why);
        } catch (RuntimeException e) {
            // The database is away too; the lease expires and the bill is taken up again.
            LOG.error("cannot reschedule bill {}: {}", billKey, e.getClass().getSimpleName());
        }
    }

    private static String errorCode(LedgerException e) {
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
        for (Thread worker : stopping) {
            try {
                // Not interrupted: an interrupt inside a database write can close an H2 file under it.
                worker.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            outbox.release(owner);
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
