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
 * {@code GET /v1/verify?number=&checkCode=} or, as printed, {@code GET /v1/verify?code=&number=&checkCode=}:
 * public, unauthenticated.
 *
 * <pre>{@code
 * curl --cacert .fapiao/trust/IssuerOrgMSP.pem 'https://localhost:8083/v1/verify?number=44010126-0000000042&checkCode=38201749562017384950'
 * curl --cacert .fapiao/trust/IssuerOrgMSP.pem 'https://localhost:8083/v1/verify?code=44010126&number=0000000042&checkCode=3820+1749+5620+1738+4950'
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
            summary = "Check an invoice by bill code, number and check code",
            description = "Public. The number as printed (code = 8-digit bill code, number = 10-digit number) or "
                    + "as one string (number = 44010126-0000000042, or an old-form number such as "
                    + "FP01-2026-00000042, without code); spaces do not matter. Answers valid with the invoice's "
                    + "state and document hash, or invalid; nothing personal. Rate-limited per client address "
                    + "(429 RATE_LIMITED with Retry-After).")
    @SecurityRequirements
    public VerificationResult verify(
            @Parameter(
                            description = "the bill code (票据代码) as printed; omit it to give the number as one string",
                            example = "44010126")
                    @RequestParam(required = false)
                    String code,
            @Parameter(
                            description = "the number (票据号码) as printed beside the code, or without code the whole "
                                    + "number",
                            example = "0000000042")
                    @RequestParam
                    String number,
            @Parameter(description = "the check code (校验码) printed on the invoice") @RequestParam String checkCode,
            HttpServletRequest request)
            throws LedgerException {
        // Before any work: a guesser of check codes is slowed down per attempt, not per success.
        limit.take(request.getRemoteAddr());
        return code == null || code.isBlank()
                ? verification.verify(number, checkCode)
                : verification.verify(code, number, checkCode);
    }
}
