package io.fapiao.hisadapter.reconcile;

import io.fapiao.hisadapter.bill.BillStatus;
import io.fapiao.hisadapter.bill.Transition;
import io.fapiao.hisadapter.status.LedgerSteps;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.InvoiceRecord;
import java.util.List;
import java.util.Optional;

/**
 * Where a bill stands on the ledger, and where a local status stands against it: the bill's ledger
 * steps ({@link LedgerSteps}, from the ledger's records: SUBMITTED, the verdict, ISSUED, CLAIMED or
 * REVERSED, each with the transaction and timestamp its event carried) and which of them a bill at a
 * given local status has yet to record. A local status off the path (FAILED for a bill the ledger
 * took, ahead of the ledger, the other verdict) is not behind: it contradicts the ledger.
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
     * The steps of {@code bill} as {@link LedgerSteps} reads them from the records; {@code invoice} is
     * its invoice record when the bill is ISSUED or REVERSED (null otherwise, and then the path stops
     * before the invoice).
     */
    public static LedgerPath of(BillRecord bill, InvoiceRecord invoice) {
        return new LedgerPath(LedgerSteps.of(bill, invoice));
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
