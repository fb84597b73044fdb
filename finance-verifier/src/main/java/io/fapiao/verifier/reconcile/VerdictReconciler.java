package io.fapiao.verifier.reconcile;

import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.Verification;
import io.fapiao.service.reconcile.Disagreement;
import io.fapiao.service.reconcile.LedgerBills;
import io.fapiao.service.reconcile.ReconcileReport;
import io.fapiao.service.reconcile.Reconciler;
import io.fapiao.service.work.WorkItem;
import io.fapiao.service.work.WorkQueue;
import io.fapiao.verifier.verdicts.StoredVerdict;
import io.fapiao.verifier.verdicts.VerdictStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Compares every bill on the ledger (the bureau verifies them all) with the verifier's own verdicts
 * and work queue, and with repair brings the verifier's side to the ledger's. Nothing is written to
 * the ledger by the reconciliation itself; a bill it hands to the verifier's workers is handled as any
 * queued bill is.
 *
 * <table>
 *   <caption>What is compared, and the repair</caption>
 *   <tr><th>kind</th><th>found when</th><th>repair</th></tr>
 *   <tr><td>{@value #VERDICT_MISSING}</td><td>the ledger holds a verdict and the verifier no local one</td>
 *       <td>the bill is queued; the workers store the ledger's verdict (origin LEDGER) with the bill's
 *       duplicate print, as after a crash</td></tr>
 *   <tr><td>{@value #VERDICT_DIFFERS}</td><td>the local outcome or reason codes are not the ledger's</td>
 *       <td>the ledger's are adopted (origin LEDGER)</td></tr>
 *   <tr><td>{@value #TRANSACTION_DIFFERS}</td><td>the same verdict, recorded by another transaction</td>
 *       <td>the ledger's transaction is adopted</td></tr>
 *   <tr><td>{@value #VERDICT_NOT_RECORDED}</td><td>a local verdict on a bill the ledger shows SUBMITTED
 *       (no verdict recorded)</td><td>the local verdict is removed and the bill queued: the workers
 *       verify it and record the verdict</td></tr>
 *   <tr><td>{@value #NOT_QUEUED}</td><td>a SUBMITTED bill with neither a local verdict nor a queued work
 *       item: nothing would ever verify it</td><td>the bill is queued</td></tr>
 *   <tr><td>{@value #NOT_ON_LEDGER}</td><td>a local verdict on a bill the ledger does not hold</td>
 *       <td>none</td></tr>
 * </table>
 *
 * <p>A queued repair counts as repaired once the workers have stored the verdict; the reconciliation
 * waits for that up to {@code fapiao.reconcile.settle} (30 s by default) and reports what is still
 * waiting as not repaired, with the work item's attempts.
 *
 * <pre>{@code
 * ReconcileReport report = reconciler.reconcile(true);
 * }</pre>
 */
@Component
public class VerdictReconciler implements Reconciler {
    /** The service's name in reports. */
    public static final String SERVICE = "finance-verifier";

    public static final String VERDICT_MISSING = "VERDICT_MISSING";
    public static final String VERDICT_DIFFERS = "VERDICT_DIFFERS";
    public static final String TRANSACTION_DIFFERS = "TRANSACTION_DIFFERS";
    public static final String VERDICT_NOT_RECORDED = "VERDICT_NOT_RECORDED";
    public static final String NOT_QUEUED = "NOT_QUEUED";
    public static final String NOT_ON_LEDGER = "NOT_ON_LEDGER";

    private static final Logger LOG = LoggerFactory.getLogger(VerdictReconciler.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final FapiaoLedger ledger;
    private final VerdictStore verdicts;
    private final WorkQueue queue;
    private final Clock clock;
    private final Duration settle;

    public VerdictReconciler(
            FapiaoLedger ledger,
            VerdictStore verdicts,
            WorkQueue queue,
            @Value("${fapiao.reconcile.settle:30s}") Duration settle) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.verdicts = Objects.requireNonNull(verdicts, "verdicts");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Clock.systemUTC();
        this.settle = Objects.requireNonNull(settle, "settle");
    }

    @Override
    public ReconcileReport reconcile(boolean repair) throws LedgerException {
        ReconcileReport.Builder report = ReconcileReport.builder(SERVICE, repair, clock);
        Map<String, StoredVerdict> local = new LinkedHashMap<>();
        verdicts.all().forEach(v -> local.put(v.billKey(), v));
        List<Disagreement> queued = new ArrayList<>();
        for (BillRecord bill : new LedgerBills(ledger).all(null)) {
            report.checked();
            StoredVerdict mine = local.remove(bill.billKey());
            Verification recorded = bill.verification();
            if (recorded == null) {
                unverified(bill, mine, report, queued);
            } else if (mine == null) {
                Disagreement found = Disagreement.found(
                        VERDICT_MISSING,
                        bill.billKey(),
                        null,
                        describe(recorded),
                        "the ledger holds a verdict (tx " + recorded.txId() + ") that the verifier did not store");
                if (repair) {
                    queued.add(requeue(bill, found));
                } else {
                    report.add(found);
                }
            } else {
                compare(bill, recorded, mine, report);
            }
        }
        for (StoredVerdict mine : local.values()) {
            report.checked();
            report.add(Disagreement.found(
                    NOT_ON_LEDGER,
                    mine.billKey(),
                    describe(mine),
                    null,
                    "a verdict is stored here (tx " + mine.transactionId() + ") on a bill the ledger does not hold: "
                            + "is this verifier connected to the ledger it verified on?"));
        }
        settle(queued).forEach(report::add);
        ReconcileReport done = report.build();
        LOG.info(
                "reconcile{}: {} checked, {} disagreement(s), {} repaired",
                repair ? " --repair" : "",
                done.checked(),
                done.found(),
                done.repaired());
        return done;
    }

    /** A bill the ledger shows SUBMITTED: it must have no verdict here, and be waiting in the queue. */
    private void unverified(
            BillRecord bill, StoredVerdict mine, ReconcileReport.Builder report, List<Disagreement> queued) {
        if (mine != null) {
            Disagreement found = Disagreement.found(
                    VERDICT_NOT_RECORDED,
                    bill.billKey(),
                    describe(mine),
                    "SUBMITTED",
                    "a verdict is stored here (tx " + mine.transactionId() + ") that the ledger never recorded");
            if (report.repair()) {
                verdicts.delete(bill.billKey());
                queued.add(requeue(bill, found));
            } else {
                report.add(found);
            }
        } else if (queue.find(bill.billKey()).isEmpty()) {
            Disagreement found = Disagreement.found(
                    NOT_QUEUED,
                    bill.billKey(),
                    null,
                    "SUBMITTED",
                    "submitted on the ledger (tx " + bill.submitted().txId() + ") but neither verified nor queued "
                            + "here: nothing would verify it (a bill submitted a moment ago may not be queued yet)");
            if (report.repair()) {
                queued.add(requeue(bill, found));
            } else {
                report.add(found);
            }
        }
    }

    private void compare(BillRecord bill, Verification recorded, StoredVerdict mine, ReconcileReport.Builder report) {
        boolean sameVerdict = recorded.verdict().equals(mine.verdict())
                && recorded.reasonCodes().equals(mine.reasonCodes());
        if (!sameVerdict) {
            Disagreement found = Disagreement.found(
                    VERDICT_DIFFERS,
                    bill.billKey(),
                    describe(mine),
                    describe(recorded),
                    "the verdict stored here is not the one the ledger recorded (tx " + recorded.txId() + ")");
            if (report.repair()) {
                verdicts.adoptLedger(
                        bill.billKey(),
                        recorded.verdict(),
                        recorded.reasonCodes(),
                        recorded.txId(),
                        recorded.at(),
                        recorded.fingerprint(),
                        "adopted from the ledger by reconcile; stored here " + "before: " + describe(mine) + " ("
                                + mine.detail() + ")");
                found = found.repairedBy("adopted the ledger's verdict (origin LEDGER)");
            }
            report.add(found);
        } else if (!recorded.txId().equals(mine.transactionId())) {
            Disagreement found = Disagreement.found(
                    TRANSACTION_DIFFERS,
                    bill.billKey(),
                    mine.transactionId(),
                    recorded.txId(),
                    "the same verdict, recorded by another transaction");
            if (report.repair()) {
                verdicts.adoptLedger(
                        bill.billKey(),
                        recorded.verdict(),
                        recorded.reasonCodes(),
                        recorded.txId(),
                        recorded.at(),
                        recorded.fingerprint(),
                        mine.detail());
                found = found.repairedBy("adopted the ledger's transaction");
            }
            report.add(found);
        }
    }

    /** Queues the bill for the verifier's workers; the disagreement is settled by {@link #settle}. */
    private Disagreement requeue(BillRecord bill, Disagreement found) {
        queue.add(bill.billKey(), bill.submitted().txId(), null);
        return found;
    }

    /**
     * Waits (up to the settle time) for the workers to store a verdict on every queued bill; each one
     * stored is repaired, each one still waiting is not, with its work item's attempts.
     */
    private List<Disagreement> settle(List<Disagreement> queued) {
        long deadline = System.nanoTime() + settle.toNanos();
        List<Disagreement> waiting = new ArrayList<>(queued);
        List<Disagreement> settled = new ArrayList<>();
        while (true) {
            waiting.removeIf(d -> {
                Optional<StoredVerdict> stored = verdicts.find(d.key());
                stored.ifPresent(v -> settled.add(d.repairedBy("queued for the verifier's workers, which stored "
                        + v.verdict() + " " + v.reasonCodes() + " (origin " + v.origin() + ", tx " + v.transactionId()
                        + ")")));
                return stored.isPresent();
            });
            if (waiting.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Disagreement d : waiting) {
            Optional<WorkItem> item = queue.find(d.key());
            settled.add(d.unrepaired("queued for the verifier's workers, which have not stored a verdict within "
                    + settle.toSeconds() + " s"
                    + item.map(i -> " (" + i.attempts() + " failed attempt(s) so far)")
                            .orElse("") + "; the verifier's log says why; reconcile again later"));
        }
        return settled;
    }

    private static String describe(Verification verdict) {
        return verdict.verdict() + " " + verdict.reasonCodes();
    }

    private static String describe(StoredVerdict verdict) {
        return verdict.verdict() + " " + verdict.reasonCodes();
    }
}
