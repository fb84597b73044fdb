package io.fapiao.issuer.claims;

import io.fapiao.issuer.api.IdempotentRequests;
import io.fapiao.issuer.api.IdempotentResponses;
import io.fapiao.issuer.auth.ClientRole;
import io.fapiao.issuer.auth.RegisteredClient;
import io.fapiao.protocol.json.Json;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/invoices/{number}/claims}: role claimant; one claim per invoice, ever.
 *
 * <pre>{@code
 * POST /v1/invoices/HN01-2026-00000042/claims   Idempotency-Key: 6f1c...
 * {"claimantId": "POLICY-7781", "purpose": "outpatient reimbursement"}
 * → 201 {"invoiceNumber": ..., "transactionId": ...}   or 409 ALREADY_CLAIMED
 * }</pre>
 */
@RestController
@Tag(name = "claims", description = "Claim an invoice for reimbursement, once")
public class ClaimController {
    private final Claims claims;
    private final IdempotentRequests idempotency;

    public ClaimController(Claims claims, IdempotentRequests idempotency) {
        this.claims = claims;
        this.idempotency = idempotency;
    }

    @PostMapping(
            path = "/v1/invoices/{number}/claims",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Claim an invoice",
            description =
                    "Role claimant. Recorded on the ledger with the issuer API's claimant identity; a second claim "
                            + "of the same invoice is 409 ALREADY_CLAIMED. Idempotency-Key required.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ClaimRequest.class))),
            responses =
                    @ApiResponse(
                            responseCode = "201",
                            description = "claimed",
                            content = @Content(schema = @Schema(implementation = ClaimView.class))))
    public ResponseEntity<String> claim(
            @Parameter(hidden = true) @AuthenticationPrincipal RegisteredClient client,
            @Parameter(description = "a fresh unique key; retries reuse it", required = true)
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    String idempotencyKey,
            @PathVariable String number,
            @RequestBody byte[] body)
            throws Exception {
        client.requireRole(ClientRole.CLAIMANT);
        ClaimRequest request = Json.read(body, ClaimRequest.class);
        return IdempotentResponses.of(idempotency.execute(
                client,
                idempotencyKey,
                "POST /v1/invoices/" + number + "/claims",
                request,
                () -> IdempotentRequests.Outcome.json(
                        HttpStatus.CREATED.value(), "/v1/invoices/" + number, claims.claim(number, request))));
    }
}
