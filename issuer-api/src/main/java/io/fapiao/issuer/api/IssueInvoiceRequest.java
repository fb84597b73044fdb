package io.fapiao.issuer.api;

import io.fapiao.protocol.bill.InvoiceRequest;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /v1/invoices}: exactly one of the two members.
 *
 * <pre>{@code
 * {"billKey": "91110108MA01ABCD2X:MZ0000000001"}                        role issuer: issue a VERIFIED bill
 * {"invoiceRequest": {"requestId": "ORD-...", "seller": {...}, ...}}    role enterprise: request an invoice
 * }</pre>
 *
 * @param billKey a bill the finance bureau verified, {@code <uscc>:<billId>}
 * @param invoiceRequest the enterprise client's own invoice request (its seller must be the client's USCC)
 */
@Schema(description = "Exactly one of billKey (role issuer) or invoiceRequest (role enterprise)")
public record IssueInvoiceRequest(
        @Schema(example = "91110108MA01ABCD2X:MZ0000000001") String billKey, InvoiceRequest invoiceRequest) {}
