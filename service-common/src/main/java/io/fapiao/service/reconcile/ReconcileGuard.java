package io.fapiao.service.reconcile;

import io.fapiao.ledger.client.LedgerException;
import io.fapiao.service.problem.RequestRefused;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one reconciliation of a service run at a time: two operators repairing at once would each
 * adopt the same ledger record, and both walks would be slower for nothing. A second request while
 * one runs is refused with {@code 409 RECONCILE_RUNNING}.
 *
 * <pre>{@code
 * private final ReconcileGuard guard = new ReconcileGuard(reconciler);
 * @PostMapping("/v1/admin/reconcile") ReconcileReport reconcile(boolean repair) throws LedgerException {
 *     return guard.run(repair);
 * }
 * }</pre>
 */
public final class ReconcileGuard {
    private final Reconciler reconciler;
    private final ReentrantLock running = new ReentrantLock();

    public ReconcileGuard(Reconciler reconciler) {
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
    }

    /**
     * Runs the reconciliation unless one is running.
     *
     * @throws RequestRefused      409 RECONCILE_RUNNING while another runs
     * @throws LedgerException when the ledger cannot be read
     */
    public ReconcileReport run(boolean repair) throws LedgerException {
        if (!running.tryLock()) {
            throw new RequestRefused(
                    RequestRefused.Kind.CONFLICT,
                    "RECONCILE_RUNNING",
                    "a reconciliation of this service is " + "running; wait for its report and ask again");
        }
        try {
            return reconciler.reconcile(repair);
        } finally {
            running.unlock();
        }
    }
}
