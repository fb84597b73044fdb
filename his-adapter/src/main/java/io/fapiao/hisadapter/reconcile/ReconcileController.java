package io.fapiao.hisadapter.reconcile;

import io.fapiao.ledger.client.LedgerException;
import io.fapiao.service.reconcile.ReconcileGuard;
import io.fapiao.service.reconcile.ReconcileReport;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's reconciliation of this adapter with the ledger ({@code fapiao reconcile}); see
 * {@link BillReconciler} for what is compared, docs/operations.md for how to use it. For the operator role
 * only (AdapterAccess).
 *
 * <pre>
 * POST /v1/admin/reconcile               → 200 report, nothing changed
 * POST /v1/admin/reconcile?repair=true   → 200 report, the adapter's side repaired from the ledger
 * </pre>
 */
@RestController
public class ReconcileController {
    private final ReconcileGuard guard;

    public ReconcileController(BillReconciler reconciler) {
        this.guard = new ReconcileGuard(reconciler);
    }

    @PostMapping(path = "/v1/admin/reconcile", produces = MediaType.APPLICATION_JSON_VALUE)
    public ReconcileReport reconcile(@RequestParam(defaultValue = "false") boolean repair) throws LedgerException {
        return guard.run(repair);
    }
}
