package io.fapiao.hisadapter.bill;

import java.util.Set;

/**
 * Where a bill received by this adapter stands. The adapter's own steps come first (received, sealed
 * and queued for the ledger, submitted, or failed for good); the rest mirror the ledger's events.
 *
 * <pre>
 * RECEIVED → QUEUED → SUBMITTED → VERIFIED → ISSUED → CLAIMED
 *     │         │          │                    └──→ REVERSED
 *     └─────────┴→ FAILED  └──→ REJECTED
 * </pre>
 *
 * <pre>{@code
 * if (current.canBecome(BillStatus.VERIFIED)) { ... }
 * }</pre>
 */
public enum BillStatus {
    /** Accepted and durable; not sealed yet. */
    RECEIVED,
    /** Sealed (the envelope is stored) and waiting for the ledger to take it; attempts are counted. */
    QUEUED,
    /** The ledger committed SubmitBill. */
    SUBMITTED,
    /** The ledger refused the bill for good (the error code says why); nothing more happens to it. */
    FAILED,
    /** The finance bureau accepted it. */
    VERIFIED,
    /** The finance bureau rejected it, with reason codes. */
    REJECTED,
    /** The issuer issued an invoice for it. */
    ISSUED,
    /** The invoice was claimed (for reimbursement). */
    CLAIMED,
    /** The invoice was reversed by a red-letter invoice. */
    REVERSED;

    /** Whether a bill in this status may move to {@code next}; anything else is ignored as stale. */
    public boolean canBecome(BillStatus next) {
        return switch (this) {
            case RECEIVED -> Set.of(QUEUED, SUBMITTED, FAILED).contains(next);
            case QUEUED -> Set.of(SUBMITTED, FAILED).contains(next);
            case SUBMITTED -> Set.of(VERIFIED, REJECTED).contains(next);
            case VERIFIED -> next == ISSUED;
            case ISSUED -> Set.of(CLAIMED, REVERSED).contains(next);
            case FAILED, REJECTED, CLAIMED, REVERSED -> false;
        };
    }

    /** Whether the bill still waits for this adapter to hand it to the ledger. */
    public boolean awaitsSubmission() {
        return this == RECEIVED || this == QUEUED;
    }
}
