package io.fapiao.issuer.numbering;

import io.fapiao.issuer.auth.ClientRole;
import io.fapiao.issuer.auth.RegisteredClient;
import io.fapiao.service.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The number report of a month or year ({@link NumberReports}), for the roles that run and answer for
 * the issuer: {@code operator} and {@code issuer}, as reconciliation. Authenticated like every {@code
 * /v1/} request; any other role is refused {@code 403 ROLE_REQUIRED}.
 *
 * <pre>
 * GET /v1/numbering/report?period=2026-12   → 200 the numbers taken in December 2026 (numbering zone)
 * GET /v1/numbering/report?period=2026      → 200 those of the year
 * GET /v1/numbering/report?period=12-2026   → 400 INVALID_PARAMETER
 * </pre>
 */
@RestController
@Tag(name = "operations", description = "The operator's reconciliation with the ledger and number report")
public class NumberReportController {
    private final NumberReports reports;
    private final NumberingProperties properties;

    public NumberReportController(NumberReports reports, NumberingProperties properties) {
        this.reports = reports;
        this.properties = properties;
    }

    @GetMapping(path = "/v1/numbering/report", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Number report of a period",
            description = "Role operator or issuer. Per bill code, the numbers this issuer took in the month (yyyy-MM) "
                    + "or year (yyyy) of its numbering zone: counts of USED, VOID and TAKEN, each void number with "
                    + "its reason, the gaps between the lowest and highest used, and the reserved numbers not yet "
                    + "handed out. From the issuer's own database; the ledger is the source of truth.")
    public NumberReport report(
            @Parameter(hidden = true) @AuthenticationPrincipal RegisteredClient client,
            @Parameter(description = "yyyy-MM or yyyy, e.g. 2026-12") @RequestParam(required = false) String period) {
        client.requireRole(ClientRole.OPERATOR, ClientRole.ISSUER);
        ReportPeriod asked;
        try {
            asked = ReportPeriod.parse(period, properties.zone());
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", e.getMessage());
        }
        return reports.report(asked);
    }
}
