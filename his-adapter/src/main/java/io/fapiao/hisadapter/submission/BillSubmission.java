package io.fapiao.hisadapter.submission;

import io.fapiao.hisadapter.bill.BillJournal;
import io.fapiao.hisadapter.bill.BillStatus;
import io.fapiao.hisadapter.bill.BillVault;
import io.fapiao.hisadapter.bill.Transition;
import io.fapiao.ledger.client.Backoff;
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
import io.fapiao.service.work.WorkDeferred;
import io.fapiao.service.work.WorkHandler;
import io.fapiao.service.work.WorkItem;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands one received bill to the ledger, claimed from the {@value SubmissionOutbox#QUEUE} work queue by
 * one of the adapter's submission workers ({@link io.fapiao.service.work.WorkerPool}):
 * <ol>
 *   <li>seal the bill and <b>store the envelope</b> (status QUEUED) before the first submit: a bill is
 *       sealed once, because a second sealing would differ (fresh keys) and the ledger would call it a
 *       conflict, while the stored envelope submitted again is a harmless repeat;</li>
 *   <li>submit it: on success SUBMITTED with the transaction and block; a transient failure (ledger
 *       unreachable, an MVCC conflict) keeps it QUEUED with the attempt counted and its error code, and
 *       the pool tries it again after the adapter's growing {@link Backoff}, without end;</li>
 *   <li>the ledger decides: a {@code BILL_CONFLICT} refusal may be this adapter's own earlier submission
 *       whose local record was lost, so the ledger's bill is read and, when it is this adapter's own,
 *       adopted ({@link BillAdoption}: its envelope kept, the bill brought up to the ledger's state); only
 *       a conflict with someone else's bill or other content, and the contract's other refusals, are
 *       final: FAILED with the contract's code.</li>
 * </ol>
 * A final outcome is written in one transaction with the work item's removal; every such transaction
 * locks the bill's row first (as the event consumer does), so that none upgrades a lock another
 * transaction waits behind. A transient failure is counted on the bill and thrown, and the pool puts
 * the item back. Idempotent, as a handler must be: after a crash or an expired lease the stored
 * envelope is submitted again, and the ledger answers a repeat with the stored record.
 *
 * <p>When the pool stops with this bill still in hand past its grace, the worker is interrupted: from
 * then on nothing is written (the database may be closing), and the bill is left for the next start.
 *
 * <pre>{@code
 * new WorkerPool(SubmissionOutbox.QUEUE, outbox.queue(), instance, 8,
 *         new BillSubmission(outbox, sealing, vault, journal, ledger, transactions, clock, backoff),
 *         pollInterval, backoff);
 * }</pre>
 */
public final class BillSubmission implements WorkHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BillSubmission.class);
    /** The contract's code for a bill id already taken by another envelope. */
    static final String BILL_CONFLICT = "BILL_CONFLICT";

    private final SubmissionOutbox outbox;
    private final BillSealing sealing;
    private final BillVault vault;
    private final BillJournal journal;
    private final FapiaoLedger ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Backoff backoff;
    private final BillAdoption adoption;

    public BillSubmission(
            SubmissionOutbox outbox,
            BillSealing sealing,
            BillVault vault,
            BillJournal journal,
            FapiaoLedger ledger,
            TransactionTemplate transactions,
            Clock clock,
            Backoff backoff) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.sealing = Objects.requireNonNull(sealing, "sealing");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.adoption = new BillAdoption(outbox, sealing, vault, journal, ledger, transactions);
    }

    /**
     * Works on one claimed bill. Returns when the bill needs no more submitting (the pool then removes
     * its item, if the outcome's transaction has not already); throws {@link SubmissionAttemptFailed} after
     * a counted transient failure, {@link WorkDeferred} when only the ledger's answer is awaited, and
     * {@link InterruptedException} when the pool stopped with the bill in hand.
     */
    @Override
    public void handle(WorkItem item) throws SubmissionAttemptFailed, WorkDeferred, InterruptedException {
        String billKey = item.key();
        try {
            Optional<SubmissionOutbox.Pending> found = outbox.pending(billKey);
            if (found.isEmpty() || found.get().status() == BillStatus.FAILED) {
                return; // gone, or failed for good: nothing left to do
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
                return; // the bill went away while it was sealed
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
            throw retryLater(billKey, errorCode(e), e.getMessage(), e);
        } catch (KeyUnavailable e) {
            throw retryLater(billKey, "SEAL_UNAVAILABLE", e.getMessage(), e);
        } catch (ProtocolException e) {
            // A stored envelope that no longer parses, or a bill the sealer refuses: retrying cannot help.
            LOG.error("bill {} cannot be sealed or its envelope read: {}", billKey, e.code());
            fail(billKey, e.code().name());
        } catch (RuntimeException e) {
            throw retryLater(billKey, "INTERNAL", unexpected("submitting", billKey, e), null);
        }
    }

    /**
     * The ledger holds another envelope under the bill's id: this adapter's own earlier submission (its
     * local record lost) is adopted; anything else is a real conflict.
     */
    private void conflict(String billKey) throws SubmissionAttemptFailed, WorkDeferred, InterruptedException {
        Optional<BillAdoption.Outcome> outcome = adoptOrRetry(billKey, true);
        if (outcome.isPresent() && outcome.get() == BillAdoption.Outcome.NOT_OURS) {
            LOG.warn(
                    "the ledger refused bill {} for good: {} (its id holds another submitter's bill or other "
                            + "content)",
                    billKey,
                    BILL_CONFLICT);
            fail(billKey, BILL_CONFLICT);
        }
    }

    /** A bill the event recorded as SUBMITTED: keep the ledger's envelope, catch up; the pool takes the item out. */
    private void confirm(String billKey) throws SubmissionAttemptFailed, WorkDeferred, InterruptedException {
        Optional<BillAdoption.Outcome> outcome = adoptOrRetry(billKey, false);
        if (outcome.isPresent() && outcome.get() == BillAdoption.Outcome.NOT_OURS) {
            // Only an envelope of identical content sealed by another signer gets here; the status
            // cannot go back. Reconciliation with the ledger reports it.
            LOG.error(
                    "bill {} was recorded SUBMITTED from its BillSubmitted event, but the ledger's envelope is "
                            + "not this adapter's ({})",
                    billKey,
                    BILL_CONFLICT);
        }
    }

    /**
     * Adopts the ledger's bill if it is this adapter's own; empty when the bill failed for good on the
     * way. When the ledger cannot be read the bill is put back (a counted attempt after a refused submit,
     * else a wait of the longest backoff) and the question asked again later.
     */
    private Optional<BillAdoption.Outcome> adoptOrRetry(String billKey, boolean afterAttempt)
            throws SubmissionAttemptFailed, WorkDeferred, InterruptedException {
        leaveIfStopping(billKey);
        try {
            return Optional.of(adoption.adopt(billKey, afterAttempt));
        } catch (LedgerException e) {
            String why = "reading the ledger's bill: " + e.getMessage();
            if (afterAttempt) {
                throw retryLater(billKey, errorCode(e), why, e);
            }
            throw putBack(billKey, why);
        } catch (ProtocolException e) {
            LOG.error("bill {}: the stored bill cannot be read to compare it with the ledger's: {}", billKey, e.code());
            fail(billKey, e.code().name());
        } catch (RuntimeException e) {
            throw putBack(billKey, unexpected("adopting the ledger's", billKey, e));
        }
        return Optional.empty();
    }

    /** Seals the bill and stores the envelope with the QUEUED step; the stored envelope wins a race. */
    private byte[] sealOnce(SubmissionOutbox.Pending pending)
            throws ProtocolException, KeyUnavailable, InterruptedException {
        Bill bill = Bill.parse(vault.open(pending.billKey(), pending.storedBill()));
        SealedBill sealed = sealing.seal(pending.suite(), bill);
        byte[] envelope = sealed.toJson();
        String headerDigest = sealed.header().headerDigest().base64Url();
        leaveIfStopping(pending.billKey());
        Boolean stored = transactions.execute(s -> {
            journal.lock(pending.billKey());
            if (!outbox.storeEnvelope(pending.billKey(), envelope, headerDigest)) {
                return false;
            }
            journal.record(
                    pending.billKey(),
                    Transition.local(BillStatus.QUEUED, clock.instant().toString()));
            return true;
        });
        if (Boolean.TRUE.equals(stored)) {
            return envelope;
        }
        return outbox.pending(pending.billKey())
                .map(SubmissionOutbox.Pending::sealedBill)
                .orElse(null);
    }

    private void submitted(String billKey, Recorded<BillRecord> recorded)
            throws SubmissionAttemptFailed, WorkDeferred, InterruptedException {
        leaveIfStopping(billKey);
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
            journal.record(
                    billKey,
                    Transition.onLedger(BillStatus.SUBMITTED, record.submitted().at(), txId, block));
            outbox.remove(billKey);
        });
    }

    private void fail(String billKey, String code) throws InterruptedException {
        leaveIfStopping(billKey);
        transactions.executeWithoutResult(s -> {
            journal.lock(billKey);
            outbox.countAttempt(billKey, code);
            journal.record(
                    billKey,
                    Transition.local(BillStatus.FAILED, clock.instant().toString())
                            .withErrorCode(code));
            outbox.remove(billKey);
        });
    }

    /** Counts the failed attempt on the bill; the pool puts the item back after the backoff of its attempts. */
    private SubmissionAttemptFailed retryLater(String billKey, String code, String why, Exception cause)
            throws InterruptedException {
        leaveIfStopping(billKey);
        transactions.executeWithoutResult(s -> {
            journal.lock(billKey);
            outbox.countAttempt(billKey, code);
        });
        return new SubmissionAttemptFailed(billKey, code, why, cause);
    }

    /** Puts a bill back without counting an attempt on it (nothing was submitted), due after the longest wait. */
    private WorkDeferred putBack(String billKey, String why) throws InterruptedException {
        leaveIfStopping(billKey);
        LOG.warn("bill {} waits to be compared with the ledger's: {}", billKey, why);
        return new WorkDeferred("bill " + billKey + " waits to be compared with the ledger's: " + why, backoff.max());
    }

    /**
     * Throws when the pool stopped with this bill in hand and interrupted the worker: nothing more is
     * written (the database may be closing, and an interrupt inside an H2 write closes its file).
     */
    private static void leaveIfStopping(String billKey) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            LOG.info("bill {} is left for the next start: the service stopped while it waited for the ledger", billKey);
            throw new InterruptedException("bill " + billKey + " left for the next start");
        }
    }

    /** Logs an unexpected failure with its stack under a fresh error id; "error id <id>", for the bill's record. */
    private static String unexpected(String doing, String billKey, RuntimeException e) {
        String id = UUID.randomUUID().toString();
        LOG.error("{} bill {} failed unexpectedly, error id {}", doing, billKey, id, e);
        return "error id " + id;
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
    public String toString() {
        return "BillSubmission";
    }
}
