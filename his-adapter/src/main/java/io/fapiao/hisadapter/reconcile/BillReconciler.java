package io.fapiao.hisadapter.reconcile;

import io.fapiao.hisadapter.HisProperties;
import io.fapiao.hisadapter.bill.BillJournal;
import io.fapiao.hisadapter.bill.BillStatus;
import io.fapiao.hisadapter.bill.BillVault;
import io.fapiao.hisadapter.bill.Transition;
import io.fapiao.hisadapter.submission.BillAdoption;
import io.fapiao.hisadapter.submission.BillSealing;
import io.fapiao.hisadapter.submission.SubmissionOutbox;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.service.identity.KeyMaterial;
import io.fapiao.service.reconcile.Disagreement;
import io.fapiao.service.reconcile.LedgerBills;
import io.fapiao.service.reconcile.ReconcileReport;
import io.fapiao.service.reconcile.Reconciler;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compares every bill this adapter received with the ledger's record of it, and the ledger's bills
 * submitted under this adapter's certificate with the adapter's rows; with repair, adopts the
 * ledger's side. The ledger's records are read with {@code ListBills} per submitter (and
 * {@code GetInvoice} for issued bills, {@code GetBill} for an envelope to adopt); nothing is written to
 * the ledger.
 *
 * <table>
 *   <caption>What is compared, and the repair</caption>
 *   <tr><th>kind</th><th>found when</th><th>repair</th></tr>
 *   <tr><td>{@value #STATUS_BEHIND}</td><td>the local status is an earlier step than the ledger's (a bill
 *       still RECEIVED or QUEUED that the ledger has)</td><td>the missing steps are recorded from the
 *       ledger's records (history and HIS callbacks, as the events would have)</td></tr>
 *   <tr><td>{@value #STATUS_DIFFERS}</td><td>the local status is not on the ledger's path: FAILED for a
 *       bill the ledger holds, ahead of the ledger, or the other verdict</td><td>the ledger's step is
 *       adopted</td></tr>
 *   <tr><td>{@value #NOT_ON_LEDGER}</td><td>SUBMITTED or later here, unknown to the ledger</td><td>none:
 *       the ledger holds nothing to adopt</td></tr>
 *   <tr><td>{@value #FOREIGN_BILL}</td><td>the ledger's bill of this key is not sealed with this
 *       adapter's seal, and the bill is not FAILED here</td><td>none</td></tr>
 *   <tr><td>{@value #ENVELOPE_MISSING} / {@value #ENVELOPE_DIFFERS}</td><td>the ledger holds an envelope
 *       sealed with this adapter's seal and the adapter none, or another (sealed twice)</td>
 *       <td>{@link BillAdoption}, as after a refused submission: the ledger's envelope is kept if it
 *       holds the same content</td></tr>
 *   <tr><td>{@value #TRANSACTION_DIFFERS}</td><td>same status, another last transaction</td><td>the
 *       ledger's is adopted</td></tr>
 *   <tr><td>{@value #INVOICE_DIFFERS}</td><td>issued here under another invoice number</td><td>the
 *       ledger's is adopted</td></tr>
 *   <tr><td>{@value #LEDGER_ONLY}</td><td>a bill submitted with this adapter's certificate that the
 *       adapter has no row of (acknowledged, then lost)</td><td>none: the adapter cannot open the
 *       envelope (it is sealed to the bureau and the issuer); the HIS must send the bill again</td></tr>
 * </table>
 *
 * <pre>{@code
 * ReconcileReport report = reconciler.reconcile(false);
 * report.disagreements().forEach(d -> log.warn("{} {}: here {}, ledger {}", d.kind(), d.key(), d.local(), d.ledger()));
 * }</pre>
 */
@Component
public class BillReconciler implements Reconciler {
    /** The service's name in reports. */
    public static final String SERVICE = "his-adapter";

    public static final String STATUS_BEHIND = "STATUS_BEHIND";
    public static final String STATUS_DIFFERS = "STATUS_DIFFERS";
    public static final String NOT_ON_LEDGER = "NOT_ON_LEDGER";
    public static final String FOREIGN_BILL = "FOREIGN_BILL";
    public static final String ENVELOPE_MISSING = "ENVELOPE_MISSING";
    public static final String ENVELOPE_DIFFERS = "ENVELOPE_DIFFERS";
    public static final String TRANSACTION_DIFFERS = "TRANSACTION_DIFFERS";
    public static final String INVOICE_DIFFERS = "INVOICE_DIFFERS";
    public static final String LEDGER_ONLY = "LEDGER_ONLY";

    private static final Logger LOG = LoggerFactory.getLogger(BillReconciler.class);

    private final LocalBills local;
    private final BillJournal journal;
    private final BillSealing sealing;
    private final BillAdoption adoption;
    private final FapiaoLedger ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final List<String> submitters;
    private final String fingerprint;

    public BillReconciler(
            LocalBills local,
            BillJournal journal,
            SubmissionOutbox outbox,
            BillSealing sealing,
            BillVault vault,
            FapiaoLedger ledger,
            TransactionTemplate transactions,
            Clock clock,
            HisProperties properties,
            KeyMaterial identity) {
        this.local = Objects.requireNonNull(local, "local");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.sealing = Objects.requireNonNull(sealing, "sealing");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
        // The one way this adapter takes over an envelope of its own from the ledger (the submission
        // worker's, after BILL_CONFLICT): same content, signed with this adapter's seal.
        this.adoption = new BillAdoption(outbox, sealing, vault, journal, ledger, transactions);
        this.submitters = properties.submitters();
        // The contract records a submitter by the SHA-256 of its DER certificate, whatever the key type.
        this.fingerprint = CryptoSuite.INTL.fingerprint(identity.certificate());
    }

    @Override
    public ReconcileReport reconcile(boolean repair) throws LedgerException {
        ReconcileReport.Builder report = ReconcileReport.builder(SERVICE, repair, clock);
        List<LocalBill> bills = local.all();
        Set<String> usccs = new LinkedHashSet<>(submitters);
        bills.forEach(b -> usccs.add(b.uscc()));
        Map<String, BillRecord> onLedger = new LinkedHashMap<>();
        LedgerBills listing = new LedgerBills(ledger);
        for (String uscc : usccs) {
            listing.all(uscc).forEach(record -> onLedger.put(record.billKey(), record));
        }
        for (LocalBill bill : bills) {
            report.checked();
            compare(bill, onLedger.remove(bill.billKey()), report);
        }
        // What is left on the ledger has no row here; only what this adapter's certificate submitted is its own.
        for (BillRecord record : onLedger.values()) {
            if (fingerprint.equals(record.submitted().fingerprint())) {
                report.checked();
                report.add(Disagreement.found(
                        LEDGER_ONLY,
                        record.billKey(),
                        null,
                        record.state().name(),
                        "the ledger holds this bill, submitted with this adapter's certificate (tx "
                                + record.submitted().txId() + "), and the adapter has no record of it: it cannot "
                                + "open the envelope to rebuild one; have the HIS send the bill again, or find out "
                                + "who else submits with this certificate"));
            }
        }
        ReconcileReport done = report.build();
        LOG.info(
                "reconcile{}: {} checked, {} disagreement(s), {} repaired",
                repair ? " --repair" : "",
                done.checked(),
                done.found(),
                done.repaired());
        return done;
    }

    private void compare(LocalBill bill, BillRecord record, ReconcileReport.Builder report) throws LedgerException {
        if (record == null) {
            if (!bill.status().awaitsSubmission() && bill.status() != BillStatus.FAILED) {
                report.add(Disagreement.found(
                        NOT_ON_LEDGER,
                        bill.billKey(),
                        bill.status().name(),
                        null,
                        "recorded " + bill.status() + " here (tx " + bill.transactionId() + ") but the ledger has no "
                                + "such bill: is this adapter connected to the ledger it submitted to?"));
            }
            return;
        }
        boolean sameEnvelope = record.headerDigest().equals(bill.headerDigest());
        boolean signedHere = sealing.signerFingerprint(CryptoSuite.valueOf(record.suite()), bill.uscc())
                .map(own -> own.equals(record.signerFingerprint()))
                .orElse(false);
        if (!sameEnvelope && !signedHere) {
            if (bill.status() != BillStatus.FAILED && !bill.status().awaitsSubmission()) {
                report.add(Disagreement.found(
                        FOREIGN_BILL,
                        bill.billKey(),
                        bill.status().name(),
                        record.state().name(),
                        "the ledger's bill of this key was signed by " + record.signerFingerprint()
                                + " and submitted by " + record.submitted().mspId() + " (tx "
                                + record.submitted().txId() + "), not with this adapter's seal; the bill id is taken: "
                                + "the HIS must issue its bill under a new id"));
            }
            return;
        }
        if (!sameEnvelope) {
            envelope(bill, record, report);
        }
        InvoiceRecord invoice = record.state() == BillState.ISSUED || record.state() == BillState.REVERSED
                ? ledger.invoice(record.invoiceNumber())
                : null;
        LedgerPath path = LedgerPath.of(record, invoice);
        Transition now = path.last();
        if (bill.status() == now.status()) {
            sameStatus(bill, now, report);
        } else if (path.behind(bill.status())) {
            List<Transition> missing = path.after(bill.status());
            Disagreement found = Disagreement.found(
                    STATUS_BEHIND,
                    bill.billKey(),
                    bill.status().name(),
                    now.status().name(),
                    "the ledger is at " + now.status() + " (tx " + now.transactionId() + ")");
            report.add(!report.repair() ? found : found.repairedBy(catchUp(bill.billKey(), missing)));
        } else {
            Disagreement found = Disagreement.found(
                    STATUS_DIFFERS,
                    bill.billKey(),
                    bill.status().name() + (bill.lastError() == null ? "" : " (" + bill.lastError() + ")"),
                    now.status().name(),
                    "the ledger shows " + now.status() + " (tx " + now.transactionId() + "), which the local "
                            + bill.status() + " cannot lead to");
            if (report.repair()) {
                transactions.executeWithoutResult(s -> {
                    journal.adopt(bill.billKey(), now);
                    // What the contradicted status left behind (an error, an invoice) is not the ledger's.
                    local.adoptOutcome(bill.billKey(), record.invoiceNumber());
                });
                found = found.repairedBy("adopted the ledger's " + now.status() + " (tx " + now.transactionId() + ")");
            }
            report.add(found);
        }
    }

    private void envelope(LocalBill bill, BillRecord record, ReconcileReport.Builder report) throws LedgerException {
        String kind = bill.headerDigest() == null ? ENVELOPE_MISSING : ENVELOPE_DIFFERS;
        Disagreement found = Disagreement.found(
                kind,
                bill.billKey(),
                bill.headerDigest(),
                record.headerDigest(),
                bill.headerDigest() == null
                        ? "the ledger holds an envelope sealed with this adapter's seal and the " + "adapter none"
                        : "the ledger holds another envelope of this bill sealed with this adapter's "
                                + "seal: it was sealed twice");
        if (!report.repair()) {
            report.add(found);
            return;
        }
        try {
            report.add(
                    switch (adoption.adopt(bill.billKey(), false)) {
                        case ADOPTED ->
                            found.repairedBy(
                                    "stored the ledger's envelope (header digest " + record.headerDigest()
                                            + ") and recorded the ledger's steps, as the submission worker adopts its own envelope");
                        case NOT_OURS ->
                            found.unrepaired("the ledger's envelope holds other content under this bill id: a "
                                    + "real conflict, which the HIS settles by issuing its bill under a new id");
                        case GONE -> found.unrepaired("the bill is no longer stored here");
                    });
        } catch (ProtocolException e) {
            report.add(found.unrepaired("the stored bill does not parse (" + e.code() + "); nothing adopted"));
        }
    }

    private void sameStatus(LocalBill bill, Transition now, ReconcileReport.Builder report) {
        if (now.transactionId() != null && !now.transactionId().equals(bill.transactionId())) {
            Disagreement found = Disagreement.found(
                    TRANSACTION_DIFFERS,
                    bill.billKey(),
                    bill.transactionId(),
                    now.transactionId(),
                    "both say " + now.status() + ", by different transactions");
            if (report.repair()) {
                transactions.executeWithoutResult(s -> {
                    journal.lock(bill.billKey());
                    local.adoptTransaction(bill.billKey(), now.transactionId());
                });
                found = found.repairedBy("adopted the ledger's transaction");
            }
            report.add(found);
        }
        if (now.invoiceNumber() != null && !now.invoiceNumber().equals(bill.invoiceNumber())) {
            Disagreement found = Disagreement.found(
                    INVOICE_DIFFERS,
                    bill.billKey(),
                    bill.invoiceNumber(),
                    now.invoiceNumber(),
                    "both say " + now.status() + ", under different invoice numbers");
            if (report.repair()) {
                transactions.executeWithoutResult(s -> {
                    journal.lock(bill.billKey());
                    local.adoptInvoice(bill.billKey(), now.invoiceNumber());
                });
                found = found.repairedBy("adopted the ledger's invoice number");
            }
            report.add(found);
        }
    }

    /** Records the ledger's steps the bill lacks, in order, in one transaction; says which. */
    private String catchUp(String billKey, List<Transition> missing) {
        List<String> recorded = transactions.execute(s -> {
            journal.lock(billKey);
            return missing.stream()
                    .filter(step -> journal.record(billKey, step))
                    .map(step -> step.status().name())
                    .toList();
        });
        return recorded == null || recorded.isEmpty()
                ? "already at the ledger's step (recorded meanwhile by the envelope's adoption or the event feed)"
                : "recorded " + String.join(", ", recorded) + " from the ledger";
    }

    @Override
    public String toString() {
        return "BillReconciler[" + submitters.stream().collect(Collectors.joining(",")) + "]";
    }
}
