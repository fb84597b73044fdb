package io.fapiao.issuer.reconcile;

import io.fapiao.issuer.document.Documents;
import io.fapiao.issuer.document.SignedInvoiceDocument;
import io.fapiao.issuer.document.StoredDocument;
import io.fapiao.issuer.issuance.Issuance;
import io.fapiao.issuer.issuance.IssuanceException;
import io.fapiao.issuer.issuance.IssuanceState;
import io.fapiao.issuer.issuance.IssuanceStatus;
import io.fapiao.issuer.issuance.ReversalStatus;
import io.fapiao.issuer.numbering.CheckCodes;
import io.fapiao.issuer.numbering.NumberPurpose;
import io.fapiao.issuer.numbering.NumberState;
import io.fapiao.issuer.numbering.Numbering;
import io.fapiao.issuer.numbering.TakenNumber;
import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.InvoiceState;
import io.fapiao.protocol.ledger.Reversal;
import io.fapiao.service.reconcile.Disagreement;
import io.fapiao.service.reconcile.LedgerBills;
import io.fapiao.service.reconcile.ReconcileReport;
import io.fapiao.service.reconcile.Reconciler;
import io.fapiao.service.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Compares the issuer's issuances, reversals, numbers and documents with the ledger's invoices, and
 * with repair adopts the ledger's. The ledger's side is every ISSUED and REVERSED bill
 * ({@code ListBills}) with its invoice ({@code GetInvoice}), and the VERIFIED bills still to issue;
 * an invoice is this issuer's when its range's issuer id is this issuer's
 * ({@code fapiao.issuer.numbering.issuer-id}) or this issuer holds a record of its bill. Nothing is
 * written to the ledger by the reconciliation; a bill handed to the issuer's workers is issued as
 * any queued bill is.
 *
 * <table>
 *   <caption>What is compared, and the repair</caption>
 *   <tr><th>kind</th><th>key</th><th>found when</th><th>repair</th></tr>
 *   <tr><td>{@value #ISSUANCE_MISSING}</td><td>bill</td><td>the ledger issued the bill; this issuer has no
 *       ISSUED record of it</td><td>the ledger's issuance is recorded</td></tr>
 *   <tr><td>{@value #ISSUANCE_DIFFERS}</td><td>bill</td><td>number or document hash differ, or the check code
 *       kept here is not the one the ledger's digest commits to</td><td>the ledger's are recorded</td></tr>
 *   <tr><td>{@value #REVERSAL_MISSING} / {@value #REVERSAL_DIFFERS}</td><td>invoice</td><td>the ledger
 *       reversed the invoice; no ISSUED reversal here, or another red number, reason or hash</td><td>the
 *       ledger's reversal is recorded</td></tr>
 *   <tr><td>{@value #DOCUMENT_MISSING}</td><td>invoice</td><td>no document stored for an invoice of this
 *       issuer on the ledger</td><td>made again from the bill, the number's record and the document key;
 *       stored only if it hashes to the ledger's value</td></tr>
 *   <tr><td>{@value #DOCUMENT_DIFFERS}</td><td>invoice</td><td>the stored document does not hash to the
 *       ledger's value</td><td>none: the served document would change</td></tr>
 *   <tr><td>{@value #NUMBER_UNKNOWN}</td><td>invoice</td><td>the ledger holds a number of this issuer it
 *       has no record of</td><td>none</td></tr>
 *   <tr><td>{@value #NUMBER_CONFLICT}</td><td>invoice</td><td>the number is promised here to another
 *       subject than the one the ledger issued it for</td><td>a number only promised (TAKEN) is made void,
 *       so it is never issued twice</td></tr>
 *   <tr><td>{@value #NUMBER_STATE_DIFFERS}</td><td>invoice</td><td>the ledger holds the number; here it is
 *       not USED (so its document is not served)</td><td>marked USED</td></tr>
 *   <tr><td>{@value #NUMBER_USED_TWICE}</td><td>invoice</td><td>two local records claim the number</td>
 *       <td>none</td></tr>
 *   <tr><td>{@value #NOT_ON_LEDGER}</td><td>bill or invoice</td><td>ISSUED, reversed or USED here, unknown
 *       to the ledger</td><td>none</td></tr>
 *   <tr><td>{@value #NOT_QUEUED}</td><td>bill</td><td>VERIFIED on the ledger, neither issued, failed nor
 *       queued here (only when the issuer issues verified bills itself)</td><td>queued for the workers;
 *       repaired once they have issued it (waited for up to {@code fapiao.reconcile.settle})</td></tr>
 * </table>
 *
 * <pre>{@code
 * ReconcileReport report = reconciler.reconcile(true);
 * }</pre>
 */
@Component
public class IssuanceReconciler implements Reconciler {
    /** The service's name in reports. */
    public static final String SERVICE = "issuer-api";

    public static final String ISSUANCE_MISSING = "ISSUANCE_MISSING";
    public static final String ISSUANCE_DIFFERS = "ISSUANCE_DIFFERS";
    public static final String REVERSAL_MISSING = "REVERSAL_MISSING";
    public static final String REVERSAL_DIFFERS = "REVERSAL_DIFFERS";
    public static final String DOCUMENT_MISSING = "DOCUMENT_MISSING";
    public static final String DOCUMENT_DIFFERS = "DOCUMENT_DIFFERS";
    public static final String NUMBER_UNKNOWN = "NUMBER_UNKNOWN";
    public static final String NUMBER_CONFLICT = "NUMBER_CONFLICT";
    public static final String NUMBER_STATE_DIFFERS = "NUMBER_STATE_DIFFERS";
    public static final String NUMBER_USED_TWICE = "NUMBER_USED_TWICE";
    public static final String NOT_ON_LEDGER = "NOT_ON_LEDGER";
    public static final String NOT_QUEUED = "NOT_QUEUED";

    private static final Logger LOG = LoggerFactory.getLogger(IssuanceReconciler.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final FapiaoLedger ledger;
    private final Issuance issuance;
    private final Numbering numbering;
    private final CheckCodes checkCodes;
    private final Documents documents;
    private final DocumentRecovery recovery;
    private final LocalIssuances local;
    private final ObjectProvider<WorkQueue> issuanceQueue;
    private final Duration settle;
    private final Clock clock = Clock.systemUTC();

    public IssuanceReconciler(
            FapiaoLedger ledger,
            Issuance issuance,
            Numbering numbering,
            CheckCodes checkCodes,
            Documents documents,
            DocumentRecovery recovery,
            LocalIssuances local,
            ObjectProvider<WorkQueue> issuanceQueue,
            @Value("${fapiao.reconcile.settle:30s}") Duration settle) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.issuance = Objects.requireNonNull(issuance, "issuance");
        this.numbering = Objects.requireNonNull(numbering, "numbering");
        this.checkCodes = Objects.requireNonNull(checkCodes, "checkCodes");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.local = Objects.requireNonNull(local, "local");
        this.issuanceQueue = issuanceQueue;
        this.settle = Objects.requireNonNull(settle, "settle");
    }

    @Override
    public ReconcileReport reconcile(boolean repair) throws LedgerException {
        ReconcileReport.Builder report = ReconcileReport.builder(SERVICE, repair, clock);
        LedgerBills listing = new LedgerBills(ledger);
        Map<String, InvoiceRecord> issuedOnLedger = new LinkedHashMap<>();
        Set<String> numbersOnLedger = new HashSet<>();
        for (BillState state : List.of(BillState.ISSUED, BillState.REVERSED)) {
            for (BillRecord bill : listing.inState(state, null)) {
                InvoiceRecord invoice = ledger.invoice(bill.invoiceNumber());
                issuedOnLedger.put(bill.billKey(), invoice);
                numbersOnLedger.add(invoice.invoiceNumber());
                if (invoice.reversal() != null) {
                    numbersOnLedger.add(invoice.reversal().redInvoiceNumber());
                }
            }
        }
        Set<String> reported = new HashSet<>();
        for (InvoiceRecord invoice : issuedOnLedger.values()) {
            boolean ours = ours(invoice);
            if (!ours && issuance.status(BillKey.parse(invoice.billKey())).isEmpty()) {
                continue; // another issuer's invoice of a bill this one never touched
            }
            report.checked();
            List<Disagreement> found = check(invoice, ours);
            if (repair && !found.isEmpty()) {
                found = repair(invoice, ours, found);
            }
            found.forEach(d -> {
                report.add(d);
                reported.add(d.key());
            });
        }
        localOnly(issuedOnLedger, numbersOnLedger, reported, report);
        unissued(listing, report);
        ReconcileReport done = report.build();
        LOG.info(
                "reconcile{}: {} checked, {} disagreement(s), {} repaired",
                repair ? " --repair" : "",
                done.checked(),
                done.found(),
                done.repaired());
        return done;
    }

    private boolean ours(InvoiceRecord invoice) {
        return numbering.properties().issuerId().equals(invoice.issuerId());
    }

    // ---- one invoice of the ledger ----

    /** Every disagreement about one ledger invoice (and its reversal), reading the local side afresh. */
    private List<Disagreement> check(InvoiceRecord invoice, boolean ours) {
        List<Disagreement> found = new ArrayList<>();
        String billKey = invoice.billKey();
        String number = invoice.invoiceNumber();
        Optional<IssuanceStatus> mine = issuance.status(BillKey.parse(billKey));
        if (mine.isEmpty() || mine.get().state() != IssuanceState.ISSUED) {
            found.add(Disagreement.found(
                    ISSUANCE_MISSING,
                    billKey,
                    mine.map(IssuanceReconciler::describe).orElse(null),
                    describe(invoice),
                    "the ledger issued this bill as " + number + " (tx " + txOf(invoice)
                            + "); this issuer has no ISSUED record of it"));
        } else if (!describe(mine.get(), invoice).equals(describe(invoice))) {
            found.add(Disagreement.found(
                    ISSUANCE_DIFFERS,
                    billKey,
                    describe(mine.get(), invoice),
                    describe(invoice),
                    "the issuance recorded here is not the one on the ledger"));
        }
        if (ours) {
            document(number, invoice.documentHash(), found);
            number(number, NumberPurpose.BLUE, billKey, found);
        }
        Reversal reversal = invoice.reversal();
        if (invoice.state() == InvoiceState.REVERSED && reversal != null) {
            Optional<ReversalStatus> reversed = issuance.reversal(number);
            if (reversed.isEmpty() || reversed.get().state() != IssuanceState.ISSUED) {
                found.add(Disagreement.found(
                        REVERSAL_MISSING,
                        number,
                        reversed.map(r -> r.state().name()).orElse(null),
                        describe(reversal),
                        "the ledger reversed this invoice (tx " + reversal.txId() + "); this "
                                + "issuer has no ISSUED reversal of it"));
            } else if (!describe(reversed.get()).equals(describe(reversal))) {
                found.add(Disagreement.found(
                        REVERSAL_DIFFERS,
                        number,
                        describe(reversed.get()),
                        describe(reversal),
                        "the reversal recorded here is not the one on the ledger"));
            }
            if (ours) {
                document(reversal.redInvoiceNumber(), reversal.documentHash(), found);
                number(reversal.redInvoiceNumber(), NumberPurpose.RED, number, found);
            }
        }
        return found;
    }

    /** The stored document of {@code number} must be there and hash to {@code anchored}. */
    private void document(String number, String anchored, List<Disagreement> found) {
        Optional<StoredDocument> stored = documents.forNumber(number);
        if (stored.isEmpty()) {
            found.add(Disagreement.found(
                    DOCUMENT_MISSING,
                    number,
                    null,
                    anchored,
                    "the ledger anchors a document of "
                            + "this invoice; none is stored here, so its download answers 404"));
            return;
        }
        String actual = SignedInvoiceDocument.sha256Hex(stored.get().signedJson());
        if (!actual.equals(anchored) || !actual.equals(stored.get().documentHash())) {
            found.add(Disagreement.found(
                    DOCUMENT_DIFFERS,
                    number,
                    actual,
                    anchored,
                    "the stored document hashes to "
                            + actual
                            + (actual.equals(stored.get().documentHash())
                                    ? ""
                                    : " (its row says " + stored.get().documentHash() + ": the row is damaged)")
                            + "; the ledger anchors " + anchored
                            + ". Not repaired: the document served would change; restore it from a backup"));
        }
    }

    /** The number's record must be this issuer's promise to the ledger's subject, and USED. */
    private void number(String number, NumberPurpose purpose, String subject, List<Disagreement> found) {
        Optional<TakenNumber> taken = numbering.find(number);
        String onLedger = "USED " + purpose + " for " + subject;
        if (taken.isEmpty()) {
            found.add(
                    Disagreement.found(
                            NUMBER_UNKNOWN,
                            number,
                            null,
                            onLedger,
                            "the ledger holds this number of "
                                    + "this issuer, which has no record of it (its numbering was restored from an older backup?)"));
            return;
        }
        TakenNumber mine = taken.get();
        String here = mine.state() + " " + mine.purpose() + " for " + mine.subject();
        boolean sameSubject = mine.purpose() == purpose && mine.subject().equals(subject);
        if (!sameSubject && mine.state() != NumberState.VOID) {
            // A void number is never handed out again: the ledger's use of it by someone else is harmless here.
            found.add(Disagreement.found(
                    NUMBER_CONFLICT,
                    number,
                    here,
                    onLedger,
                    "the number is promised here to " + mine.subject() + " and used on the ledger for " + subject));
        } else if (sameSubject && mine.state() != NumberState.USED) {
            found.add(Disagreement.found(
                    NUMBER_STATE_DIFFERS,
                    number,
                    here,
                    onLedger,
                    "the ledger holds the number; " + "here it is " + mine.state()
                            + ", so its document is not served"));
        }
    }

    /**
     * Repairs one invoice's disagreements in the order they depend on each other (a conflicting promise
     * voided; the issuance and reversal adopted, which makes a lost blue document again; then the
     * red-letter document, which quotes the blue one; the numbers marked used), then checks again: a
     * disagreement is repaired when the second check no longer finds it.
     */
    private List<Disagreement> repair(InvoiceRecord invoice, boolean ours, List<Disagreement> found) {
        Map<String, String> failures = new HashMap<>();
        String number = invoice.invoiceNumber();
        Reversal reversal = invoice.reversal();
        failures.put(
                DOCUMENT_MISSING + number,
                "the document could not be made again byte for byte (the number's "
                        + "record is missing or not this bill's, the bill cannot be opened, or the document made again hashes "
                        + "otherwise); the issuer's log says which");
        for (Disagreement d : found) {
            if (d.kind().equals(NUMBER_CONFLICT)) {
                numbering
                        .find(d.key())
                        .filter(n -> n.state() == NumberState.TAKEN)
                        .ifPresentOrElse(
                                n -> numbering.voidNumber(
                                        n.invoiceNumber(),
                                        "the ledger holds it for another subject (" + d.ledger()
                                                + "); found by reconcile"),
                                () -> failures.put(
                                        NUMBER_CONFLICT + d.key(),
                                        "the number is USED here for another "
                                                + "subject: two records claim it; an operator must find out which is right"));
            }
        }
        try {
            // Records the issuance and the reversal as the ledger holds them, and makes a lost blue document again.
            issuance.adoptFromLedger(BillKey.parse(invoice.billKey()));
        } catch (IssuanceException e) {
            failures.put("*", "adopting the ledger's issuance failed: " + e.code() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // e.g. another bill's record here holds the number (a unique key): reported, not thrown, so the
            // other invoices are still reconciled
            LOG.warn("adopting the ledger's issuance of {} failed", invoice.billKey(), e);
            failures.put(
                    "*",
                    "adopting the ledger's issuance failed: " + e.getClass().getSimpleName()
                            + " (the service log has the details)");
        }
        if (reversal != null && has(found, DOCUMENT_MISSING, reversal.redInvoiceNumber())) {
            recovery.rebuildRed(invoice)
                    .ifPresent(why -> failures.put(DOCUMENT_MISSING + reversal.redInvoiceNumber(), why));
        }
        if (ours) {
            // A number the ledger holds is used, whether or not its document could be made again. Marked again when
            // it already is: that queues the invoice's renditions, so those of a document made again here follow.
            List<String> numbers = new ArrayList<>(List.of(number));
            if (reversal != null) {
                numbers.add(reversal.redInvoiceNumber());
            }
            numbers.forEach(n ->
                    numbering.find(n).filter(t -> t.state() != NumberState.VOID).ifPresent(t -> numbering.markUsed(n)));
        }
        List<Disagreement> after = check(invoice, ours);
        List<Disagreement> result = new ArrayList<>();
        for (Disagreement d : found) {
            if (has(after, d.kind(), d.key())) {
                String why = failures.getOrDefault(
                        d.kind() + d.key(), failures.getOrDefault("*", "still differs after the repair"));
                result.add(d.unrepaired(d.detail() + ". Not repaired: " + why));
            } else {
                result.add(d.repairedBy(d.detail() + ". Repaired: " + repairedHow(d.kind())));
            }
        }
        for (Disagreement d : after) {
            if (!has(found, d.kind(), d.key())) {
                result.add(d.unrepaired(d.detail() + " (found after repairing the others)"));
            }
        }
        return result;
    }

    private static String repairedHow(String kind) {
        return switch (kind) {
            case DOCUMENT_MISSING -> "the document was made again and hashes to the ledger's value";
            case NUMBER_CONFLICT -> "the number promised here is void";
            case NUMBER_STATE_DIFFERS -> "the number is marked used";
            case REVERSAL_MISSING, REVERSAL_DIFFERS -> "the ledger's reversal is recorded";
            default -> "the ledger's issuance is recorded";
        };
    }

    private static boolean has(List<Disagreement> list, String kind, String key) {
        return list.stream().anyMatch(d -> d.kind().equals(kind) && d.key().equals(key));
    }

    // ---- what only this issuer holds ----

    private void localOnly(
            Map<String, InvoiceRecord> issuedOnLedger,
            Set<String> numbersOnLedger,
            Set<String> reported,
            ReconcileReport.Builder report)
            throws LedgerException {
        Map<String, InvoiceRecord> byNumber = new HashMap<>();
        issuedOnLedger.values().forEach(i -> byNumber.put(i.invoiceNumber(), i));
        for (String[] issued : local.issuedBills()) {
            if (!issuedOnLedger.containsKey(issued[0])) {
                report.checked();
                report.add(Disagreement.found(
                        NOT_ON_LEDGER,
                        issued[0],
                        "ISSUED " + issued[1],
                        ledgerState(issued[0]),
                        "recorded ISSUED here as " + issued[1] + "; the ledger has not issued this bill. Not "
                                + "repairable from the ledger: an operator must look at how the record came about"));
                reported.add(issued[0]);
                reported.add(issued[1]);
            }
        }
        for (String[] reversed : local.reversedInvoices()) {
            InvoiceRecord blue = byNumber.get(reversed[0]);
            if (blue == null || blue.state() != InvoiceState.REVERSED) {
                report.checked();
                report.add(Disagreement.found(
                        NOT_ON_LEDGER,
                        reversed[0],
                        "REVERSED by " + reversed[1],
                        blue == null ? null : blue.state().name(),
                        "recorded reversed here; the ledger has not " + "reversed this invoice"));
                reported.add(reversed[0]);
                reported.add(reversed[1]);
            }
        }
        for (String number : local.usedNumbers()) {
            if (!numbersOnLedger.contains(number) && !reported.contains(number)) {
                report.checked();
                report.add(Disagreement.found(
                        NOT_ON_LEDGER,
                        number,
                        "USED",
                        null,
                        "marked used here; the ledger " + "holds no invoice with this number"));
            }
        }
        for (String number : local.numbersRecordedTwice()) {
            report.add(Disagreement.found(
                    NUMBER_USED_TWICE,
                    number,
                    "2 records",
                    null,
                    "two issuances or reversals "
                            + "here claim this number; an operator must find out which is right"));
        }
    }

    private String ledgerState(String billKey) throws LedgerException {
        try {
            return ledger.bill(BillKey.parse(billKey)).bill().state().name();
        } catch (ChaincodeRejection e) {
            if ("NOT_FOUND".equals(e.code())) {
                return null;
            }
            throw e;
        }
    }

    /** VERIFIED bills this issuer would issue itself but has neither issued, failed nor queued. */
    private void unissued(LedgerBills listing, ReconcileReport.Builder report) throws LedgerException {
        WorkQueue queue = issuanceQueue.getIfAvailable();
        if (queue == null) {
            return; // fapiao.issuer.issue-verified=false: bills are issued when a client asks
        }
        List<Disagreement> queued = new ArrayList<>();
        for (BillRecord bill : listing.inState(BillState.VERIFIED, null)) {
            report.checked();
            Optional<IssuanceStatus> mine = issuance.status(BillKey.parse(bill.billKey()));
            if (mine.isPresent() && mine.get().state() != IssuanceState.NUMBERED) {
                continue; // FAILED: refused here for good, the reason recorded; ISSUED: reported above
            }
            if (queue.find(bill.billKey()).isPresent()) {
                continue;
            }
            Disagreement found = Disagreement.found(
                    NOT_QUEUED,
                    bill.billKey(),
                    mine.map(IssuanceReconciler::describe).orElse(null),
                    "VERIFIED",
                    "verified on the ledger (tx "
                            + bill.verification().txId() + ") and neither issued nor queued here: nothing would issue "
                            + "it (a bill verified a moment ago may not be queued yet)");
            if (report.repair()) {
                queue.add(bill.billKey(), bill.verification().txId(), null);
                queued.add(found);
            } else {
                report.add(found);
            }
        }
        settle(queued).forEach(report::add);
    }

    /** Waits (up to the settle time) for the workers to finish the queued bills, issued or failed for good. */
    private List<Disagreement> settle(List<Disagreement> queued) {
        long deadline = System.nanoTime() + settle.toNanos();
        List<Disagreement> waiting = new ArrayList<>(queued);
        List<Disagreement> settled = new ArrayList<>();
        while (true) {
            waiting.removeIf(d -> {
                Optional<IssuanceStatus> now =
                        issuance.status(BillKey.parse(d.key())).filter(s -> s.state() != IssuanceState.NUMBERED);
                now.ifPresent(s -> settled.add(
                        s.state() == IssuanceState.ISSUED
                                ? d.repairedBy(
                                        "queued for the issuer's workers, which issued it as " + s.invoiceNumber())
                                : d.repairedBy("queued for the issuer's workers, which refused it for good: "
                                        + s.failureCode())));
                return now.isPresent();
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
        waiting.forEach(d -> settled.add(d.unrepaired("queued for the issuer's workers, which have not finished it "
                + "within " + settle.toSeconds() + " s; the issuer's log says why; reconcile again later")));
        return settled;
    }

    // ---- how values are shown ----

    /**
     * Compared with {@link #describe(InvoiceRecord)}: the check code as its digest, which is all the ledger
     * holds, and all a report may show. A code not known here (another issuer's invoice, recorded from the
     * ledger) is taken as the ledger's: there is nothing to compare it with.
     */
    private String describe(IssuanceStatus status, InvoiceRecord invoice) {
        if (status.state() != IssuanceState.ISSUED) {
            return describe(status);
        }
        String digest = status.checkCode() == null
                ? invoice.checkCodeDigest()
                : checkCodes.digest(status.invoiceNumber(), status.checkCode());
        return status.invoiceNumber() + " check digest " + digest + " document " + status.documentHash();
    }

    private static String describe(IssuanceStatus status) {
        return status.state() + (status.invoiceNumber() == null ? "" : " " + status.invoiceNumber());
    }

    private static String describe(InvoiceRecord invoice) {
        return invoice.invoiceNumber() + " check digest " + invoice.checkCodeDigest() + " document "
                + invoice.documentHash();
    }

    private static String describe(ReversalStatus reversal) {
        return reversal.redInvoiceNumber() + " " + reversal.reasonCode() + " document " + reversal.documentHash();
    }

    private static String describe(Reversal reversal) {
        return reversal.redInvoiceNumber() + " " + reversal.reasonCode() + " document " + reversal.documentHash();
    }

    private static String txOf(InvoiceRecord invoice) {
        return invoice.issued() == null ? "?" : invoice.issued().txId();
    }
}
