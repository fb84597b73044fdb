package io.fapiao.hisadapter.reconcile;

import io.fapiao.hisadapter.bill.BillStatus;
import io.fapiao.hisadapter.bill.Transition;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.Claim;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.InvoiceState;
import io.fapiao.protocol.ledger.Reversal;
import io.fapiao.protocol.ledger.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bill's ledger steps as the adapter records them, rebuilt from the ledger's records rather than
 * from its events: SUBMITTED from the bill's submission, VERIFIED or REJECTED from its verification,
 * ISSUED, CLAIMED or REVERSED from its invoice. Each step carries the transaction and timestamp the
 * event would have carried (the block is not in the records, so it stays unknown), which is what
 * lets a repair write the history the event consumer would have written.
 *
 * <pre>{@code
 * LedgerPath path = LedgerPath.of(stored.bill(), invoice);     // invoice: null unless issued
 * BillStatus expected = path.last().status();
 * List<Transition> missing = path.after(BillStatus.SUBMITTED); // VERIFIED, ISSUED...
 * }</pre>
 *
 * @param steps the steps, oldest first; never empty (a bill on the ledger was submitted)
 */
public record LedgerPath(List<Transition> steps) {

    public LedgerPath {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a bill on the ledger has at least its submission");
        }
    }

    /**
     * The steps of {@code bill}; {@code invoice} is its invoice record when the bill is ISSUED or
     * REVERSED (null otherwise, and then the path stops before the invoice).
     */
    public static LedgerPath of(BillRecord bill, InvoiceRecord invoice) {
        Objects.requireNonNull(bill, "bill");
        List<Transition> steps = new ArrayList<>();
        steps.add(Transition.onLedger(BillStatus.SUBMITTED, bill.submitted().at(), bill.submitted().txId(), null));
        Verification verdict = bill.verification();
        if (verdict != null) {
            BillStatus status = "ACCEPTED".equals(verdict.verdict()) ? BillStatus.VERIFIED : BillStatus.REJECTED;
            steps.add(Transition.onLedger(status, verdict.at(), verdict.txId(), null)
                    .withReasonCodes(verdict.reasonCodes()));
        }
        boolean invoiced = bill.state() == BillState.ISSUED || bill.state() == BillState.REVERSED;
        if (invoiced && invoice != null && invoice.issued() != null) {
            String number = invoice.invoiceNumber();
            steps.add(Transition.onLedger(BillStatus.ISSUED, invoice.issued().at(), invoice.issued().txId(), null)
                    .withInvoice(number, null));
            Claim claim = invoice.claim();
            Reversal reversal = invoice.reversal();
            if (invoice.state() == InvoiceState.CLAIMED && claim != null && claim.written() != null) {
                steps.add(Transition.onLedger(BillStatus.CLAIMED, claim.written().at(), claim.written().txId(), null)
                        .withInvoice(number, null));
            } else if (invoice.state() == InvoiceState.REVERSED && reversal != null) {
                steps.add(Transition.onLedger(BillStatus.REVERSED, reversal.at(), reversal.txId(), null)
                        .withInvoice(number, reversal.redInvoiceNumber())
                        .withReasonCodes(List.of(reversal.reasonCode())));
            }
        }
        return new LedgerPath(steps);
    }

    /** The step the bill is at on the ledger. */
    public Transition last() {
        return steps.get(steps.size() - 1);
    }

    /** The step of {@code status} on this path, if the path passes through it. */
    public Optional<Transition> step(BillStatus status) {
        return steps.stream().filter(s -> s.status() == status).findFirst();
    }

    /**
     * The steps a bill at {@code local} has yet to record to reach the ledger's step: all of them for a
     * bill still awaiting submission; those after {@code local} when the path passes through it; empty
     * when {@code local} is the last step. Empty too when {@code local} is not on the path at all (ahead
     * of the ledger, on another branch, or FAILED): see {@link #behind}.
     */
    public List<Transition> after(BillStatus local) {
        if (local.awaitsSubmission()) {
            return steps;
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).status() == local) {
                return steps.subList(i + 1, steps.size());
            }
        }
        return List.of();
    }

    /** Whether a bill at {@code local} is an earlier step of this path: it can catch up by recording. */
    public boolean behind(BillStatus local) {
        return local != last().status() && !after(local).isEmpty();
    }
}
