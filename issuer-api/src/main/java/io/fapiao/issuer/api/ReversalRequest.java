package io.fapiao.issuer.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /v1/invoices/{number}/reversal}.
 *
 * <pre>{@code
 * {"reasonCode": "SALES_RETURN"}
 * }</pre>
 *
 * @param reasonCode why the invoice is reversed: upper-case letters, digits and {@code _}
 */
public record ReversalRequest(@Schema(example = "SALES_RETURN", pattern = "[A-Z][A-Z0-9_]{0,63}") String reasonCode) {}
