package io.fapiao.issuer.verification;

import io.fapiao.ledger.client.LedgerException;
import io.fapiao.service.http.AddressRateLimit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/verify?number=&checkCode=}: public, unauthenticated.
 *
 * <pre>{@code
 * curl --cacert .fapiao/trust/IssuerOrgMSP.pem 'https://localhost:8083/v1/verify?number=HN01-2026-00000042&checkCode=38201749562017384950'
 * }</pre>
 */
@RestController
@Tag(name = "verification", description = "Public verification of an invoice")
public class VerificationController {
    private final InvoiceVerification verification;
    private final AddressRateLimit limit;

    public VerificationController(InvoiceVerification verification, VerificationLimits limits) {
        this.verification = verification;
        this.limit = new AddressRateLimit("verification", limits.perMinute(), limits.burst(), limits.addresses());
    }

    @GetMapping(path = "/v1/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Check an invoice by number and check code",
            description = "Public. Answers valid with the invoice's state and document hash, or invalid; nothing "
                    + "personal. Rate-limited per client address (429 RATE_LIMITED with Retry-After).")
    @SecurityRequirements
    public VerificationResult verify(
            @Parameter(description = "the invoice number", example = "HN01-2026-00000042") @RequestParam String number,
            @Parameter(description = "the check code printed on the invoice") @RequestParam String checkCode,
            HttpServletRequest request)
            throws LedgerException {
        // Before any work: a guesser of check codes is slowed down per attempt, not per success.
        limit.take(request.getRemoteAddr());
        return verification.verify(number, checkCode);
    }
}
