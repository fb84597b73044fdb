package io.fapiao.issuer.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /v1/invoices/{number}/reversal}.
 *
 * <pre>{@code
 * {"reasonCode": "SALES_RETURN"}
 * }</pre>
 *
 * @param reasonCode why the invoice is reversed: one of the red-letter reasons
 *                   ({@link io.fapiao.issuer.issuance.RedLetterReason}) BILLING_ERROR, SALES_RETURN,
 *                   SERVICE_SUSPENSION, SALES_DISCOUNT; any other is refused with 422
 *                   {@code UNKNOWN_REVERSAL_REASON}
 */
public record ReversalRequest(
        @Schema(
                example = "SALES_RETURN",
                allowableValues = {"BILLING_ERROR", "SALES_RETURN", "SERVICE_SUSPENSION", "SALES_DISCOUNT"})
        String reasonCode) {}
