package io.fapiao.service.reconcile;

import io.fapiao.ledger.client.LedgerException;

/**
 * A service's reconciliation: walks the records the service keeps and the ledger's records of what
 * the service is responsible for, reports every disagreement and, when asked, repairs the service's
 * side from the ledger. It never writes to the ledger.
 *
 * <pre>{@code
 * ReconcileReport report = reconciler.reconcile(false);   // report only
 * ReconcileReport fixed = reconciler.reconcile(true);     // adopt the ledger's records
 * }</pre>
 */
@FunctionalInterface
public interface Reconciler {

    /**
     * Compares and, with {@code repair}, repairs.
     *
     * @throws LedgerException when the ledger cannot be read; nothing is reported then, since a walk
     *     without the ledger's side would report every record
     */
    ReconcileReport reconcile(boolean repair) throws LedgerException;
}
