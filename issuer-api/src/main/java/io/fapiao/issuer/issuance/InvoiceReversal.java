package io.fapiao.issuer.issuance;

import io.fapiao.issuer.document.Documents;
import io.fapiao.issuer.document.InvoiceContent;
import io.fapiao.issuer.document.SignedInvoiceDocument;
import io.fapiao.issuer.document.StoredDocument;
import io.fapiao.issuer.numbering.NumberPurpose;
import io.fapiao.issuer.numbering.NumberState;
import io.fapiao.issuer.numbering.Numbering;
import io.fapiao.issuer.numbering.TakenNumber;
import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.ledger.InvoiceKind;
import io.fapiao.protocol.ledger.InvoiceNumber;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.InvoiceState;
import io.fapiao.protocol.ledger.Reversal;
import io.fapiao.protocol.statement.ReversalStatement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The reversal path of {@link Issuance}: a blue invoice reversed by a red-letter one. A red number
 * from the issuer's ranges, a red document (the blue lines negated, pointing at the blue document),
 * then ReverseInvoice; when the ledger holds the red number for something else, another is taken
 * ({@link NumberAttempts}). Asking again with the same reason returns the same reversal; the ledger's
 * reversal, when it already has one, is recorded here rather than made again.
 *
 * <pre>{@code
 * ReversalStatus reversed = reversal.reverse("25110000000000000001", "SALES_RETURN");
 * }</pre>
 */
@Component
class InvoiceReversal {
    private static final Logger LOG = LoggerFactory.getLogger(InvoiceReversal.class);

    private final FapiaoLedger ledger;
    private final IssuanceRecords records;
    private final ReversalRecords reversals;
    private final Numbering numbering;
    private final Documents documents;
    private final IssuerKeys keys;
    private final ObjectProvider<IssuanceListener> listeners;
    private final IssuanceSteps steps;

    InvoiceReversal(
            FapiaoLedger ledger,
            IssuanceRecords records,
            ReversalRecords reversals,
            Numbering numbering,
            Documents documents,
            IssuerKeys keys,
            ObjectProvider<IssuanceListener> listeners,
            IssuanceSteps steps) {
        this.ledger = ledger;
        this.records = records;
        this.reversals = reversals;
        this.numbering = numbering;
        this.documents = documents;
        this.keys = keys;
        this.listeners = listeners;
        this.steps = steps;
    }

    /** {@link Issuance#reverse}: checks the number and the reason, then reverses under the invoice's lock. */
    ReversalStatus reverse(String invoiceNumber, String reasonCode) throws IssuanceException {
        try {
            InvoiceNumber.parse("invoiceNumber", invoiceNumber);
        } catch (IllegalArgumentException e) {
            throw new IssuanceException("MALFORMED", IssuanceException.Step.READ_LEDGER, false, e.getMessage(), e);
        }
        RedLetterReason.parse(reasonCode);
        return steps.outside("invoice:" + invoiceNumber, () -> reverseLocked(invoiceNumber, reasonCode));
    }

    /** This service's record of the reversal of {@code invoiceNumber}, if any. */
    Optional<ReversalStatus> find(String invoiceNumber) {
        return reversals.find(invoiceNumber);
    }

    private ReversalStatus reverseLocked(String number, String reasonCode) throws IssuanceException {
        Optional<ReversalStatus> current = reversals.find(number);
        if (current.isPresent()
                && current.get().state() != IssuanceState.FAILED
                && !current.get().reasonCode().equals(reasonCode)) {
            throw new IssuanceException(
                    "REVERSAL_CONFLICT",
                    IssuanceException.Step.READ_LEDGER,
                    false,
                    "invoice "
                            + number + " is "
                            + (current.get().state() == IssuanceState.ISSUED ? "already reversed" : "being reversed")
                            + " with reason " + current.get().reasonCode() + ", not " + reasonCode);
        }
        if (current.isPresent() && current.get().state() == IssuanceState.ISSUED) {
            return current.get();
        }
        IssuanceStatus blue = records.byNumber(number)
                .filter(s -> s.state() == IssuanceState.ISSUED)
                .orElseThrow(() -> new IssuanceException(
                        "INVOICE_NOT_FOUND",
                        IssuanceException.Step.READ_LEDGER,
                        false,
                        "invoice " + number + " was not issued by this service"));
        StoredDocument blueDocument = documents
                .forNumber(number)
                .filter(d -> d.documentHash().equals(blue.documentHash()))
                .orElseThrow(() -> new IssuanceException(
                        "INVOICE_DOCUMENT_MISSING",
                        IssuanceException.Step.SEAL_DOCUMENT,
                        false,
                        "this service holds no document of invoice " + number
                                + " (it was recorded from the ledger), so it cannot render its red-letter invoice"));
        InvoiceRecord onLedger = steps.readInvoice(number);
        if (onLedger.kind() == InvoiceKind.RED) {
            throw new IssuanceException(
                    "INVOICE_NOT_REVERSIBLE",
                    IssuanceException.Step.READ_LEDGER,
                    false,
                    "invoice " + number + " is a red-letter invoice; only blue invoices are reversed");
        }
        if (onLedger.state() == InvoiceState.REVERSED && onLedger.reversal() != null) {
            return reconcile(number, onLedger.reversal(), reasonCode);
        }
        if (onLedger.state() == InvoiceState.CLAIMED) {
            throw claimed(number, onLedger);
        }
        reversals.start(number, reasonCode);
        InvoiceContent blueContent;
        try {
            blueContent =
                    SignedInvoiceDocument.verify(blueDocument.signedJson()).content();
        } catch (ProtocolException e) {
            throw new IllegalStateException(
                    "the stored document of " + number + " does not verify: " + e.getMessage(), e);
        }
        return NumberAttempts.until(
                (attempt, last) -> reverseOnce(number, reasonCode, blueDocument, blueContent, last));
    }

    /**
     * One attempt: a red number, its document, ReverseInvoice. Empty when the ledger holds the red
     * number for something else and another may be taken.
     */
    private Optional<ReversalStatus> reverseOnce(
            String number, String reasonCode, StoredDocument blueDocument, InvoiceContent blueContent, boolean last)
            throws IssuanceException {
        TakenNumber red = steps.take(NumberPurpose.RED, number);
        reversals.numbered(number, red.invoiceNumber());
        listeners.orderedStream().forEach(l -> l.numberTaken(number, red));
        StoredDocument redDocument = steps.seal(
                number,
                blueContent
                        .redLetter(blueDocument.documentHash(), reasonCode)
                        .numbered(red.invoiceNumber(), null, red.takenAt().toString()),
                red);
        reversals.documented(number, redDocument.documentHash());
        byte[] signature = new ReversalStatement(number, reasonCode, red.invoiceNumber(), redDocument.documentHash())
                .sign(keys.statementSigner());
        try {
            Recorded<InvoiceRecord> recorded = ledger.reverseInvoice(
                    number, reasonCode, red.invoiceNumber(), redDocument.documentHash(), signature);
            listeners.orderedStream().forEach(l -> l.committed(number, red.invoiceNumber(), recorded.transactionId()));
            numbering.markUsed(red.invoiceNumber());
            reversals.reversed(
                    number,
                    reasonCode,
                    red.invoiceNumber(),
                    redDocument.documentHash(),
                    recorded.transactionId(),
                    recorded.blockNumber());
            LOG.info(
                    "reversed invoice {} by {} ({}) in tx {}",
                    number,
                    red.invoiceNumber(),
                    reasonCode,
                    recorded.transactionId());
            listeners.orderedStream().forEach(l -> l.recorded(number, red.invoiceNumber(), recorded.transactionId()));
            return Optional.of(reversals.find(number).orElseThrow());
        } catch (ChaincodeRejection e) {
            InvoiceRecord blueNow = steps.readInvoice(number);
            if (blueNow.state() == InvoiceState.REVERSED && blueNow.reversal() != null) {
                return Optional.of(reconcile(number, blueNow.reversal(), reasonCode));
            }
            Optional<InvoiceRecord> holder = steps.invoiceOnLedger(red.invoiceNumber());
            if (holder.isPresent()) {
                // The ledger holds the red number for something else: never ours again.
                numbering.voidNumber(
                        red.invoiceNumber(),
                        "the ledger holds it as invoice of " + holder.get().billKey());
                if (!last) {
                    return Optional.empty();
                }
            }
            IssuanceException failure = blueNow.state() == InvoiceState.CLAIMED
                    ? claimed(number, blueNow)
                    : new IssuanceException(
                            e.code(),
                            IssuanceException.Step.RECORD,
                            false,
                            "the ledger refused to reverse " + number + " by " + red.invoiceNumber() + ": "
                                    + e.getMessage(),
                            e);
            if (holder.isEmpty()) {
                numbering.voidNumber(red.invoiceNumber(), failure.code() + ": " + failure.getMessage());
            }
            reversals.failed(number, failure.code(), failure.getMessage());
            throw failure;
        } catch (LedgerException e) {
            throw new IssuanceException(
                    "LEDGER_UNAVAILABLE",
                    IssuanceException.Step.RECORD,
                    true,
                    "reversing "
                            + number + " by " + red.invoiceNumber() + " did not complete (" + e.getMessage()
                            + "); a retry with the same reason uses the same red number",
                    e);
        }
    }

    /**
     * Records the reversal the ledger holds for {@code number}, making any other red number of ours for
     * it void; refuses with REVERSAL_CONFLICT when it was made for another reason than {@code askedReason}.
     */
    ReversalStatus reconcile(String number, Reversal onLedger, String askedReason) throws IssuanceException {
        numbering
                .live(NumberPurpose.RED, number)
                .filter(n -> !n.invoiceNumber().equals(onLedger.redInvoiceNumber()) && n.state() == NumberState.TAKEN)
                .ifPresent(n -> numbering.voidNumber(
                        n.invoiceNumber(), "the ledger reversed " + number + " by " + onLedger.redInvoiceNumber()));
        boolean ours = documents
                .forNumber(onLedger.redInvoiceNumber())
                .map(d -> d.documentHash().equals(onLedger.documentHash()))
                .orElse(false);
        if (ours) {
            numbering.markUsed(onLedger.redInvoiceNumber());
        }
        reversals.reversed(
                number,
                onLedger.reasonCode(),
                onLedger.redInvoiceNumber(),
                onLedger.documentHash(),
                onLedger.txId(),
                null);
        if (!onLedger.reasonCode().equals(askedReason)) {
            throw new IssuanceException(
                    "REVERSAL_CONFLICT",
                    IssuanceException.Step.READ_LEDGER,
                    false,
                    "invoice "
                            + number + " is already reversed by " + onLedger.redInvoiceNumber() + " with reason "
                            + onLedger.reasonCode() + ", not " + askedReason);
        }
        return reversals.find(number).orElseThrow();
    }

    private static IssuanceException claimed(String number, InvoiceRecord invoice) {
        String by = invoice.claim() == null
                ? ""
                : " by " + invoice.claim().claimantId()
                        + (invoice.claim().written() == null
                                ? ""
                                : " (" + invoice.claim().written().mspId() + ", tx "
                                        + invoice.claim().written().txId() + ")");
        return new IssuanceException(
                "INVOICE_CLAIMED",
                IssuanceException.Step.READ_LEDGER,
                false,
                "invoice " + number + " is claimed" + by + "; a claimed invoice cannot be reversed");
    }
}
