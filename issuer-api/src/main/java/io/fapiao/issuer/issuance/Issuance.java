package io.fapiao.issuer.issuance;

import io.fapiao.issuer.document.Documents;
import io.fapiao.issuer.document.InvoiceContent;
import io.fapiao.issuer.document.StoredDocument;
import io.fapiao.issuer.numbering.CheckCodes;
import io.fapiao.issuer.numbering.NumberPurpose;
import io.fapiao.issuer.numbering.NumberState;
import io.fapiao.issuer.numbering.Numbering;
import io.fapiao.issuer.numbering.TakenNumber;
import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.InvoiceState;
import io.fapiao.protocol.ledger.Reversal;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.protocol.statement.IssuanceStatement;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Issues verified bills as invoices and reverses invoices with red-letter ones. One code path serves
 * the BillVerified events and the REST layer's on-demand calls, and every call is idempotent: a bill
 * already issued (here or, as the ledger shows, anywhere) is reported, never issued twice.
 *
 * <p>Issuing a bill: read it from the ledger (it must be VERIFIED), open its envelope with the key of
 * its suite, take its number (the same one on every retry), sign and store the document (the signed
 * JSON record; its PDF and OFD renditions are made after the ledger recorded it, off this path), then
 * IssueInvoice with the document's SHA-256 and the issuer's signature over the
 * IssuanceStatement. Each step's result is durable before the next starts, so a crash anywhere
 * resumes with the same number and the same document (re-read, never re-signed); the statement is
 * signed again on a retry, deterministically (RFC 6979), so it too has the first attempt's bytes. When the ledger refuses, the ledger is asked
 * what happened: an earlier attempt that got through is recorded as ISSUED; a number the ledger holds
 * for another bill is made void and a new one taken ({@link NumberAttempts}); anything else fails
 * for good (FAILED, the number void). Reversals are {@link InvoiceReversal}'s; the steps both share
 * (reading the ledger, taking a number, sealing, the subject's lock) are {@link IssuanceSteps}'.
 *
 * <pre>{@code
 * IssuanceStatus issued = issuance.issue(BillKey.parse("91110000MA01ABCD2X:MZ0001"));
 * ReversalStatus reversed = issuance.reverse(issued.invoiceNumber(), "SALES_RETURN");
 * }</pre>
 */
@Service
public class Issuance {
    private static final Logger LOG = LoggerFactory.getLogger(Issuance.class);

    private final FapiaoLedger ledger;
    private final IssuanceRecords records;
    private final Numbering numbering;
    private final CheckCodes checkCodes;
    private final Documents documents;
    private final BillContents contents;
    private final IssuerKeys keys;
    private final ObjectProvider<IssuanceListener> listeners;
    private final IssuanceSteps steps;
    private final InvoiceReversal reversal;

    Issuance(
            FapiaoLedger ledger,
            IssuanceRecords records,
            Numbering numbering,
            CheckCodes checkCodes,
            Documents documents,
            BillContents contents,
            IssuerKeys keys,
            ObjectProvider<IssuanceListener> listeners,
            IssuanceSteps steps,
            InvoiceReversal reversal) {
        this.ledger = ledger;
        this.records = records;
        this.numbering = numbering;
        this.checkCodes = checkCodes;
        this.documents = documents;
        this.contents = contents;
        this.keys = keys;
        this.listeners = listeners;
        this.steps = steps;
        this.reversal = reversal;
    }

    /**
     * Issues {@code billKey} if it is not issued yet, and returns its issuance. For the REST layer's
     * {@code POST /v1/invoices {billKey}} and the BillVerified consumer alike.
     *
     * @throws IssuanceException BILL_NOT_FOUND, BILL_NOT_VERIFIED, BILL_REJECTED, ENVELOPE_UNREADABLE,
     *     ISSUER_KEY_MISSING, ISSUER_MISCONFIGURED, a ledger refusal's code (not retryable); or
     *     LEDGER_UNAVAILABLE, NUMBERS_UNAVAILABLE (retryable: the bill keeps its number)
     */
    public IssuanceStatus issue(BillKey billKey) throws IssuanceException {
        return steps.outside("bill:" + billKey, () -> issueLocked(billKey));
    }

    /** This service's record of {@code billKey}, if it has one. */
    public Optional<IssuanceStatus> status(BillKey billKey) {
        return records.find(billKey.toString());
    }

    /** Bills in {@code state}, oldest first. */
    public List<IssuanceStatus> inState(IssuanceState state) {
        return records.inState(state);
    }

    /**
     * Reverses the blue invoice {@code invoiceNumber} with a red-letter invoice: a red number from the
     * issuer's ranges, a red document (the blue lines negated, pointing at the blue document), then
     * ReverseInvoice. Asking again with the same reason returns the same reversal.
     *
     * @throws IssuanceException MALFORMED, UNKNOWN_REVERSAL_REASON (a reason not among {@link RedLetterReason}),
     *     INVOICE_NOT_FOUND, INVOICE_NOT_REVERSIBLE, INVOICE_CLAIMED,
     *     REVERSAL_CONFLICT, INVOICE_DOCUMENT_MISSING, a ledger refusal's code; or LEDGER_UNAVAILABLE,
     *     NUMBERS_UNAVAILABLE (retryable)
     */
    public ReversalStatus reverse(String invoiceNumber, String reasonCode) throws IssuanceException {
        return reversal.reverse(invoiceNumber, reasonCode);
    }

    /** This service's record of the reversal of {@code invoiceNumber}, if any. */
    public Optional<ReversalStatus> reversal(String invoiceNumber) {
        return reversal.find(invoiceNumber);
    }

    /**
     * Makes this service's records of {@code billKey} the ledger's: its issuance (number, document hash,
     * transaction, and the check code when the number's row here holds the one the ledger's digest commits
     * to) and, when the ledger shows the invoice reversed, the reversal. Any
     * other live number of the bill is made void; a number whose document is stored here with the
     * ledger's hash is marked used, so its document is served. Writes nothing to the ledger: for
     * {@code fapiao reconcile --repair}.
     *
     * @return the issuance as now recorded
     * @throws IssuanceException BILL_NOT_ISSUED when the ledger has not issued the bill, BILL_NOT_FOUND,
     *     INVOICE_NOT_FOUND; or LEDGER_UNAVAILABLE (retryable)
     */
    public IssuanceStatus adoptFromLedger(BillKey billKey) throws IssuanceException {
        String key = billKey.toString();
        IssuanceStatus issued = steps.outside("bill:" + key, () -> {
            BillRecord bill = steps.readBill(billKey).bill();
            if (bill.state() != BillState.ISSUED && bill.state() != BillState.REVERSED) {
                throw new IssuanceException(
                        "BILL_NOT_ISSUED",
                        IssuanceException.Step.READ_LEDGER,
                        false,
                        "bill " + key + " is " + bill.state() + " on the ledger: there is no issuance to adopt");
            }
            return reconcile(key, bill);
        });
        InvoiceRecord invoice = steps.readInvoice(issued.invoiceNumber());
        Reversal onLedger = invoice.reversal();
        if (invoice.state() == InvoiceState.REVERSED && onLedger != null) {
            steps.outside(
                    "invoice:" + invoice.invoiceNumber(),
                    () -> reversal.reconcile(invoice.invoiceNumber(), onLedger, onLedger.reasonCode()));
        }
        return issued;
    }

    // ---- issuing ----

    private IssuanceStatus issueLocked(BillKey billKey) throws IssuanceException {
        String key = billKey.toString();
        Optional<IssuanceStatus> current = records.find(key);
        if (current.isPresent() && current.get().state() == IssuanceState.ISSUED) {
            return current.get();
        }
        return NumberAttempts.until((attempt, last) -> issueOnce(billKey, attempt, last));
    }

    /**
     * One attempt: the bill read again, its number, its document, IssueInvoice. Empty when the ledger
     * holds the number for another bill and another may be taken.
     */
    private Optional<IssuanceStatus> issueOnce(BillKey billKey, int attempt, boolean last) throws IssuanceException {
        String key = billKey.toString();
        StoredBill stored = steps.readBill(billKey);
        BillRecord bill = stored.bill();
        switch (bill.state()) {
            case ISSUED, REVERSED -> {
                return Optional.of(reconcile(key, bill));
            }
            case SUBMITTED ->
                throw new IssuanceException(
                        "BILL_NOT_VERIFIED",
                        IssuanceException.Step.READ_LEDGER,
                        false,
                        "bill " + key + " is SUBMITTED: the finance bureau has not verified it yet");
            case REJECTED ->
                throw new IssuanceException(
                        "BILL_REJECTED",
                        IssuanceException.Step.READ_LEDGER,
                        false,
                        "bill " + key + " was REJECTED by the finance bureau ("
                                + (bill.verification() == null
                                        ? ""
                                        : String.join(", ", bill.verification().reasonCodes()))
                                + "); it is never issued");
            case VERIFIED -> {}
        }
        InvoiceContent content;
        try {
            content = contents.open(stored);
        } catch (IssuanceException e) {
            failForGood(key, e);
            throw e;
        }
        TakenNumber number = steps.take(NumberPurpose.BLUE, key);
        records.numbered(key, number.invoiceNumber(), number.checkCode());
        listeners.orderedStream().forEach(l -> l.numberTaken(key, number));
        StoredDocument document = steps.seal(
                key,
                content.numbered(
                        number.invoiceNumber(),
                        number.checkCode(),
                        number.takenAt().toString()),
                number);
        records.documented(key, document.documentHash());
        // The code is printed on the document and kept here; the ledger, read by all, gets only its digest.
        String checkCodeDigest = checkCodes.digest(number.invoiceNumber(), number.checkCode());
        byte[] signature = new IssuanceStatement(
                        key, bill.headerDigest(), number.invoiceNumber(), checkCodeDigest, document.documentHash())
                .sign(keys.statementSigner());
        try {
            Recorded<InvoiceRecord> recorded = ledger.issueInvoice(
                    billKey, number.invoiceNumber(), checkCodeDigest, document.documentHash(), signature);
            listeners.orderedStream().forEach(l -> l.committed(key, number.invoiceNumber(), recorded.transactionId()));
            numbering.markUsed(number.invoiceNumber());
            records.issued(
                    key,
                    number.invoiceNumber(),
                    number.checkCode(),
                    document.documentHash(),
                    recorded.transactionId(),
                    recorded.blockNumber(),
                    "HERE");
            LOG.info("issued bill {} as invoice {} in tx {}", key, number.invoiceNumber(), recorded.transactionId());
            listeners.orderedStream().forEach(l -> l.recorded(key, number.invoiceNumber(), recorded.transactionId()));
            return Optional.of(records.find(key).orElseThrow());
        } catch (ChaincodeRejection e) {
            Optional<IssuanceStatus> settled = afterRefusal(billKey, number, document, e);
            if (settled.isPresent() || !last) {
                return settled;
            }
            throw new IssuanceException(
                    "NUMBERS_UNAVAILABLE",
                    IssuanceException.Step.RECORD,
                    true,
                    "the ledger holds " + attempt + " numbers in a row for other bills; the local ranges "
                            + "are behind the ledger",
                    e);
        } catch (LedgerException e) {
            throw new IssuanceException(
                    "LEDGER_UNAVAILABLE",
                    IssuanceException.Step.RECORD,
                    true,
                    "issuing bill "
                            + key + " as " + number.invoiceNumber() + " did not complete (" + e.getMessage()
                            + "); a retry issues it under the same number",
                    e);
        }
    }

    /**
     * After IssueInvoice refused: asks the ledger what the number and the bill are. Returns the
     * issuance when the bill turns out issued; empty when the number was someone else's (now void
     * here) and a new one should be taken; throws when the refusal stands.
     */
    private Optional<IssuanceStatus> afterRefusal(
            BillKey billKey, TakenNumber number, StoredDocument document, ChaincodeRejection refusal)
            throws IssuanceException {
        String key = billKey.toString();
        Optional<InvoiceRecord> holder = steps.invoiceOnLedger(number.invoiceNumber());
        if (holder.isPresent()) {
            InvoiceRecord invoice = holder.get();
            if (key.equals(invoice.billKey())) {
                // An earlier attempt of ours got through (its reply was lost): the bill is issued.
                return Optional.of(recordIssuedFromLedger(key, invoice));
            }
            numbering.voidNumber(number.invoiceNumber(), "the ledger holds it for " + invoice.billKey());
            return Optional.empty();
        }
        BillRecord bill = steps.readBill(billKey).bill();
        if (bill.state() == BillState.ISSUED || bill.state() == BillState.REVERSED) {
            return Optional.of(reconcile(key, bill));
        }
        IssuanceException failure = new IssuanceException(
                refusal.code(),
                IssuanceException.Step.RECORD,
                false,
                "the ledger refused to issue bill " + key + " as " + number.invoiceNumber() + ": "
                        + refusal.getMessage(),
                refusal);
        failForGood(key, failure);
        throw failure;
    }

    /** The bill is issued on the ledger: record it so, making any other number of ours for it void. */
    private IssuanceStatus reconcile(String key, BillRecord bill) throws IssuanceException {
        InvoiceRecord invoice = steps.readInvoice(bill.invoiceNumber());
        numbering
                .live(NumberPurpose.BLUE, key)
                .filter(n -> !n.invoiceNumber().equals(invoice.invoiceNumber()) && n.state() == NumberState.TAKEN)
                .ifPresent(n -> numbering.voidNumber(
                        n.invoiceNumber(), "the ledger issued " + key + " as " + invoice.invoiceNumber()));
        return recordIssuedFromLedger(key, invoice);
    }

    private IssuanceStatus recordIssuedFromLedger(String key, InvoiceRecord invoice) {
        boolean ours = documents
                .forNumber(invoice.invoiceNumber())
                .or(() -> rebuildDocument(key, invoice))
                .map(d -> d.documentHash().equals(invoice.documentHash()))
                .orElse(false);
        if (ours) {
            numbering.markUsed(invoice.invoiceNumber());
        } else if (numbering.find(invoice.invoiceNumber()).isPresent()) {
            LOG.error(
                    "the ledger issued {} as {} with document {}, which is not the document stored here",
                    key,
                    invoice.invoiceNumber(),
                    invoice.documentHash());
        }
        // The ledger holds only the code's digest: the code is known here if its number's row is.
        String checkCode =
                numberBehind(key, invoice).map(TakenNumber::checkCode).orElse(null);
        records.issued(
                key,
                invoice.invoiceNumber(),
                checkCode,
                invoice.documentHash(),
                invoice.issued() == null ? null : invoice.issued().txId(),
                null,
                ours ? "HERE" : "LEDGER");
        LOG.info("bill {} is issued on the ledger as {}; recorded from the ledger", key, invoice.invoiceNumber());
        return records.find(key).orElseThrow();
    }

    /**
     * The number's row behind a ledger invoice: taken here for this bill, with the check code the
     * ledger's digest commits to. Empty for another issuer's invoice, or when the numbering was restored
     * from a backup older than the number.
     */
    private Optional<TakenNumber> numberBehind(String key, InvoiceRecord invoice) {
        return numbering
                .find(invoice.invoiceNumber())
                .filter(n -> n.purpose() == NumberPurpose.BLUE
                        && key.equals(n.subject())
                        && checkCodes.matches(invoice.invoiceNumber(), n.checkCode(), invoice.checkCodeDigest()));
    }

    /**
     * The document of an invoice the ledger holds as this service's, made again when its row was lost
     * (a database restored from a backup older than the issuance): the number's row keeps its check
     * code and issue time, the bill is on the ledger, and sealing is deterministic, so the same inputs
     * give the same bytes. Kept only when its hash is the ledger's; empty when it cannot be made again
     * (the number is not this bill's, the content cannot be opened, the hash differs).
     */
    private Optional<StoredDocument> rebuildDocument(String key, InvoiceRecord invoice) {
        Optional<TakenNumber> number = numberBehind(key, invoice);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        TakenNumber taken = number.get();
        try {
            InvoiceContent content = contents.open(steps.readBill(BillKey.parse(key)))
                    .numbered(
                            taken.invoiceNumber(),
                            taken.checkCode(),
                            taken.takenAt().toString());
            Optional<StoredDocument> rebuilt = documents.rebuild(
                    content,
                    keys.documentSigner(CryptoSuite.valueOf(content.source().suite())),
                    invoice.documentHash());
            if (rebuilt.isEmpty()) {
                LOG.error(
                        "the document of {} made again does not hash to the ledger's {}; it is not served",
                        invoice.invoiceNumber(),
                        invoice.documentHash());
            } else {
                LOG.warn(
                        "the document of {} was missing here; made again, byte for byte, from the ledger's bill "
                                + "and the number's record",
                        invoice.invoiceNumber());
            }
            return rebuilt;
        } catch (IssuanceException | RuntimeException e) {
            LOG.error(
                    "the document of {} is missing here and could not be made again: {}",
                    invoice.invoiceNumber(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Records a permanent failure and makes the bill's live number (if any) void. */
    private void failForGood(String key, IssuanceException failure) {
        if (failure.retryable()) {
            return;
        }
        numbering
                .live(NumberPurpose.BLUE, key)
                .filter(n -> n.state() == NumberState.TAKEN)
                .ifPresent(n -> numbering.voidNumber(n.invoiceNumber(), failure.code() + ": " + failure.getMessage()));
        records.failed(key, failure.code(), failure.getMessage());
        LOG.warn("bill {} is not issued: {}", key, failure.code());
    }
}
