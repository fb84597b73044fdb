package io.fapiao.protocol.ledger;

import java.util.Set;

/**
 * Where a bill is in its life. SUBMITTED → VERIFIED or REJECTED (RecordVerification); VERIFIED →
 * ISSUED (IssueInvoice); ISSUED → REVERSED (ReverseInvoice). REJECTED and REVERSED are final.
 *
 * <pre>{@code
 * if (!bill.state().canBecome(BillState.ISSUED)) { ... }
 * }</pre>
 */
public enum BillState {
    SUBMITTED,
    VERIFIED,
    REJECTED,
    ISSUED,
    REVERSED;

    public boolean canBecome(BillState next) {
        return switch (this) {
            case SUBMITTED -> Set.of(VERIFIED, REJECTED).contains(next);
            case VERIFIED -> next == ISSUED;
            case ISSUED -> next == REVERSED;
            case REJECTED, REVERSED -> false;
        };
    }
}
