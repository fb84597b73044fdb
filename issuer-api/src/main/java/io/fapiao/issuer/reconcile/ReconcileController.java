package io.fapiao.issuer.reconcile;

import io.fapiao.issuer.auth.ClientRole;
import io.fapiao.issuer.auth.RegisteredClient;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.service.reconcile.ReconcileGuard;
import io.fapiao.service.reconcile.ReconcileReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's reconciliation of the issuer with the ledger ({@code fapiao reconcile}); see
 * {@link IssuanceReconciler} for what is compared. Authenticated like every {@code /v1/} request
 * (RFC 9421 signature or mutual TLS) and for clients with role {@code issuer}: the desk that issues
 * and reverses is the one that may make this service adopt the ledger's records.
 *
 * <pre>
 * POST /v1/admin/reconcile               → 200 report, nothing changed
 * POST /v1/admin/reconcile?repair=true   → 200 report, the issuer's side repaired from the ledger
 * </pre>
 */
@RestController
@Tag(name = "operations", description = "The operator's reconciliation with the ledger")
public class ReconcileController {
    private final ReconcileGuard guard;

    public ReconcileController(IssuanceReconciler reconciler) {
        this.guard = new ReconcileGuard(reconciler);
    }

    @PostMapping(path = "/v1/admin/reconcile", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Reconcile with the ledger",
            description = "Role issuer. Compares this issuer's issuances, reversals, numbers and documents with the "
                    + "ledger's invoices and reports every disagreement with a stable kind; repair=true adopts the "
                    + "ledger's records here (never writes to the ledger). 409 RECONCILE_RUNNING while one runs.")
    public ReconcileReport reconcile(
            @AuthenticationPrincipal RegisteredClient client, @RequestParam(defaultValue = "false") boolean repair)
            throws LedgerException {
        client.requireRole(ClientRole.OPERATOR, ClientRole.ISSUER);
        return guard.run(repair);
    }
}
