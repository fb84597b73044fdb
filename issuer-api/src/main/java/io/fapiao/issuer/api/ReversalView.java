package io.fapiao.issuer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fapiao.issuer.issuance.ReversalStatus;

/**
 * The answer to {@code POST /v1/invoices/{number}/reversal}: the reversed invoice and its red-letter
 * counterpart.
 *
 * <pre>{@code
 * {"invoiceNumber":"44010126-0000000042","reasonCode":"SALES_RETURN","state":"ISSUED",
 *  "redInvoiceNumber":"44010126-0000000043","documentHash":"5e884...","transactionId":"cd34...",
 *  "redInvoiceUrl":"/v1/invoices/44010126-0000000043"}
 * }</pre>
 *
 * @param invoiceNumber the reversed (blue) invoice
 * @param reasonCode why
 * @param state ISSUED once the reversal is on the ledger
 * @param redInvoiceNumber the red-letter invoice
 * @param documentHash SHA-256 of the red-letter document, hex
 * @param transactionId the ReverseInvoice transaction
 * @param redInvoiceUrl the red-letter invoice's URL
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReversalView(
        String invoiceNumber,
        String reasonCode,
        String state,
        String redInvoiceNumber,
        String documentHash,
        String transactionId,
        String redInvoiceUrl) {

    static ReversalView of(ReversalStatus reversal) {
        return new ReversalView(
                reversal.invoiceNumber(),
                reversal.reasonCode(),
                reversal.state().name(),
                reversal.redInvoiceNumber(),
                reversal.documentHash(),
                reversal.transactionId(),
                reversal.redInvoiceNumber() == null ? null : "/v1/invoices/" + reversal.redInvoiceNumber());
    }
}
