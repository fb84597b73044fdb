package io.fapiao.issuer.requests;

import io.fapiao.issuer.auth.RegisteredClient;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.service.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/requests/{billKey}}: where an invoice request submitted through
 * {@code POST /v1/invoices {"invoiceRequest": ...}} is.
 *
 * <pre>{@code
 * GET /v1/requests/91350100M000100Y43:ORD-20260301-000042   (signed by the enterprise client or an issuer client)
 * }</pre>
 */
@RestController
@Tag(name = "invoice requests", description = "Invoice requests that enterprise clients submit on their own behalf")
public class RequestController {
    private final InvoiceRequests requests;

    public RequestController(InvoiceRequests requests) {
        this.requests = requests;
    }

    @GetMapping(path = "/v1/requests/{billKey}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Status of an invoice request",
            description = "RECEIVED, SUBMITTED, VERIFIED, REJECTED (with reasons), ISSUED (with the invoice number) "
                    + "or REVERSED. Role enterprise (own seller only) or issuer.")
    public RequestStatus status(
            @Parameter(hidden = true) @AuthenticationPrincipal RegisteredClient client,
            @Parameter(description = "<seller USCC>:<requestId>") @PathVariable String billKey)
            throws LedgerException {
        BillKey key;
        try {
            key = BillKey.parse(billKey);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "INVALID_PARAMETER",
                    "billKey must be <USCC>:<requestId>: " + e.getMessage());
        }
        return requests.status(client, key);
    }
}
