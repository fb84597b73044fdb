package io.fapiao.verifier.verification;

import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.protocol.ledger.Verification;
import io.fapiao.protocol.statement.VerdictStatement;
import io.fapiao.service.work.WorkHandler;
import io.fapiao.service.work.WorkItem;
import io.fapiao.service.work.WorkQueue;
import io.fapiao.verifier.verdicts.StoredVerdict;
import io.fapiao.verifier.verdicts.VerdictStore;
import io.fapiao.verifier.verification.BillVerifier.Inspection;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verifies one submitted bill, claimed from the {@code verification} work queue by one of the
 * verifier's workers ({@link io.fapiao.service.work.WorkerPool}; the queue is filled from the
 * BillSubmitted events by {@link SubmittedBills}): reads the bill from the ledger ({@code GetBill}),
 * has the {@link BillVerifier} decide, signs the {@link VerdictStatement} with the bureau's ledger
 * identity, records it ({@code RecordVerification}) and stores it locally. The local row, the
 * duplicate print and the removal of the work item commit in one database transaction, so the verdict
 * is stored exactly once.
 *
 * <p>Idempotent: if the service stops after the ledger committed a verdict and before the local
 * commit, the item is taken up again; the bill is then no longer SUBMITTED ({@code GetBill} says so,
 * or RecordVerification answers {@code INVALID_STATE}), and the verdict already on the ledger is stored
 * locally instead of deciding again. While the bill is still SUBMITTED a retry signs the statement
 * again; the bureau's key signs deterministically (RFC 6979), so that signature is byte for byte the
 * one a lost first attempt may have sent, and whichever transaction commits records the same bytes.
 * (A PKCS#11 key would sign anew; the ledger keeps the one that commits, and nothing here stores it.) A transient ledger failure, unreadable revocation lists or a
 * missing opening key throw, and the item is tried again later: no bill is skipped. Many bills are
 * verified at once, each by one worker; two bills with the same payer and items are decided one after
 * the other ({@link DuplicateIndex#claim}).
 *
 * <pre>{@code
 * new WorkerPool("verification", queue, instance, 8, recorder);
 * }</pre>
 */
public final class VerdictRecorder implements WorkHandler {
    private static final Logger LOG = LoggerFactory.getLogger(VerdictRecorder.class);

    private final FapiaoLedger ledger;
    private final BillVerifier verifier;
    private final Signer signer;
    private final VerdictStore verdicts;
    private final DuplicateIndex duplicates;
    private final WorkQueue queue;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String fingerprint;

    public VerdictRecorder(
            FapiaoLedger ledger,
            BillVerifier verifier,
            Signer signer,
            X509Certificate certificate,
            VerdictStore verdicts,
            DuplicateIndex duplicates,
            WorkQueue queue,
            TransactionTemplate transactions,
            Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.verdicts = Objects.requireNonNull(verdicts, "verdicts");
        this.duplicates = Objects.requireNonNull(duplicates, "duplicates");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
        // The contract's fingerprint: SHA-256 of the DER whatever the key, as in the bill record.
        this.fingerprint = CryptoSuite.INTL.fingerprint(certificate);
    }

    @Override
    public void handle(WorkItem item) throws Exception {
        String billKey = item.key();
        if (verdicts.find(billKey).isPresent()) {
            return; // stored by an earlier item of the same bill; the pool removes this one
        }
        StoredBill stored = ledger.bill(BillKey.parse(billKey));
        Inspection inspection = verifier.inspect(stored);
        BillRecord bill = stored.bill();
        if (bill.state() != BillState.SUBMITTED) {
            keepLedgerVerdict(item, bill, inspection);
            return;
        }
        Verdict verdict = inspection.verdict();
        byte[] signature = new VerdictStatement(
                        billKey, bill.headerDigest(), verdict.outcome().name(), verdict.reasonCodes())
                .sign(signer);
        Recorded<BillRecord> recorded;
        try {
            recorded = ledger.recordVerification(
                    BillKey.parse(billKey), verdict.outcome().name(), verdict.reasonCodes(), signature);
        } catch (ChaincodeRejection e) {
            if (!e.code().equals("INVALID_STATE")) {
                throw e;
            }
            keepLedgerVerdict(item, ledger.bill(BillKey.parse(billKey)).bill(), inspection);
            return;
        }
        Verification on = recorded.value().verification();
        store(
                item,
                new StoredVerdict(
                        0,
                        billKey,
                        kindOf(verdict),
                        bill.suite(),
                        bill.headerDigest(),
                        verdict.outcome().name(),
                        verdict.reasonCodes(),
                        verdict.detail(),
                        verdict.violations(),
                        verdict.duplicateOf(),
                        StoredVerdict.DECIDED_HERE,
                        recorded.transactionId(),
                        recorded.blockNumber(),
                        on == null ? null : on.at(),
                        fingerprint,
                        item.eventTransactionId(),
                        eventBlock(item),
                        clock.instant()),
                inspection);
        LOG.info(
                "bill {}: {} {} (tx {}, block {})",
                billKey,
                verdict.outcome(),
                verdict.reasonCodes(),
                recorded.transactionId(),
                recorded.blockNumber());
    }

    /** The bill was decided before (by us, before a crash, or by another verifier): keep what the ledger says. */
    private void keepLedgerVerdict(WorkItem item, BillRecord bill, Inspection inspection) {
        Verification on = bill.verification();
        if (on == null) {
            throw new IllegalStateException("bill " + bill.billKey() + " is " + bill.state()
                    + " on the ledger but has no verification; the ledger's contract is not the expected version");
        }
        Verdict mine = inspection.verdict();
        boolean same =
                on.verdict().equals(mine.outcome().name()) && on.reasonCodes().equals(mine.reasonCodes());
        String detail = same
                ? mine.detail()
                : "verdict found on the ledger (" + on.verdict() + " " + on.reasonCodes() + "); re-checking now gives "
                        + mine.outcome() + " " + mine.reasonCodes() + ": " + mine.detail();
        store(
                item,
                new StoredVerdict(
                        0,
                        bill.billKey(),
                        kindOf(mine),
                        bill.suite(),
                        bill.headerDigest(),
                        on.verdict(),
                        on.reasonCodes(),
                        truncate(detail),
                        same ? mine.violations() : List.of(),
                        same ? mine.duplicateOf() : List.of(),
                        StoredVerdict.FOUND_ON_LEDGER,
                        on.txId(),
                        null,
                        on.at(),
                        on.fingerprint(),
                        item.eventTransactionId(),
                        eventBlock(item),
                        clock.instant()),
                inspection);
        if (same) {
            LOG.info(
                    "bill {}: already {} on the ledger (tx {}); stored locally",
                    bill.billKey(),
                    on.verdict(),
                    on.txId());
        } else {
            LOG.warn(
                    "bill {}: the ledger says {} {} (tx {}) but re-checking gives {} {}; the ledger's verdict is kept",
                    bill.billKey(),
                    on.verdict(),
                    on.reasonCodes(),
                    on.txId(),
                    mine.outcome(),
                    mine.reasonCodes());
        }
    }

    private static String kindOf(Verdict verdict) {
        return verdict.kind() == null ? null : verdict.kind().name();
    }

    private static String truncate(String detail) {
        return detail.length() <= 4000 ? detail : detail.substring(0, 3997) + "...";
    }

    /** The verdict, the print with its outcome and the item's removal: one transaction, so exactly once. */
    private void store(WorkItem item, StoredVerdict verdict, Inspection inspection) {
        transactions.executeWithoutResult(status -> {
            verdicts.insert(verdict);
            inspection.print().ifPresent(print -> duplicates.remember(print, verdict.verdict()));
            queue.remove(item);
        });
    }

    private static long eventBlock(WorkItem item) {
        return item.eventBlockNumber() == null ? 0 : item.eventBlockNumber();
    }
}
