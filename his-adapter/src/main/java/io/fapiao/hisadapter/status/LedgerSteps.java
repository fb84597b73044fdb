package io.fapiao.hisadapter.status;

import io.fapiao.hisadapter.bill.BillStatus;
import io.fapiao.hisadapter.bill.Transition;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.Claim;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.Reversal;
import io.fapiao.protocol.ledger.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The steps of a bill's life as the ledger's records show them now, each the transition the
 * {@link LedgerStatusFeed} would have made from its event: what brings a bill whose events this adapter
 * passed over (it had lost track of the bill then) up to the ledger. Recorded through
 * {@link io.fapiao.hisadapter.bill.BillJournal#record}, steps already taken are skipped, so the list can
 * be applied to a bill in any status. Block numbers are not in the records; the feed fills them in
 * when it reaches the events later, and leaves them out for events it had already passed.
 *
 * <pre>{@code
 * StoredBill stored = ledger.bill(billKey);
 * InvoiceRecord invoice = stored.bill().invoiceNumber() == null ? null : ledger.invoice(stored.bill().invoiceNumber());
 * LedgerSteps.of(stored.bill(), invoice).forEach(step -> journal.record(billKey, step));
 * }</pre>
 */
public final class LedgerSteps {
    private LedgerSteps() {}

    /**
     * SUBMITTED, then the verdict, the issue and the claim or reversal, as far as the records go.
     *
     * @param bill    the bill's record
     * @param invoice the record of {@code bill.invoiceNumber()}, or null when the bill has none (an invoice
     *                the caller did not read leaves the bill at its verdict)
     */
    public static List<Transition> of(BillRecord bill, InvoiceRecord invoice) {
        Objects.requireNonNull(bill, "bill");
        List<Transition> steps = new ArrayList<>();
        steps.add(Transition.onLedger(
                BillStatus.SUBMITTED, bill.submitted().at(), bill.submitted().txId(), null));
        Verification verdict = bill.verification();
        if (verdict == null) {
            return steps;
        }
        BillStatus decided = "ACCEPTED".equals(verdict.verdict()) ? BillStatus.VERIFIED : BillStatus.REJECTED;
        steps.add(Transition.onLedger(decided, verdict.at(), verdict.txId(), null)
                .withReasonCodes(verdict.reasonCodes()));
        if (invoice == null
                || bill.invoiceNumber() == null
                || !bill.invoiceNumber().equals(invoice.invoiceNumber())) {
            return steps;
        }
        String number = invoice.invoiceNumber();
        steps.add(Transition.onLedger(
                        BillStatus.ISSUED,
                        invoice.issued().at(),
                        invoice.issued().txId(),
                        null)
                .withInvoice(number, null));
        Claim claim = invoice.claim();
        if (claim != null) {
            steps.add(Transition.onLedger(
                            BillStatus.CLAIMED,
                            claim.written().at(),
                            claim.written().txId(),
                            null)
                    .withInvoice(number, null));
        }
        Reversal reversal = invoice.reversal();
        if (reversal != null) {
            steps.add(Transition.onLedger(BillStatus.REVERSED, reversal.at(), reversal.txId(), null)
                    .withInvoice(number, reversal.redInvoiceNumber())
                    .withReasonCodes(List.of(reversal.reasonCode())));
        }
        return steps;
    }
}
