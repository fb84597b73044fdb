package io.fapiao.issuer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fapiao.issuer.issuance.Invoice;

/**
 * An invoice as the REST API shows it ({@code GET /v1/invoices/{number}}, {@code POST /v1/invoices}).
 *
 * <pre>{@code
 * {"invoiceNumber":"44010126-0000000042","kind":"BLUE","state":"ISSUED","billKey":"91110108MA01ABCD2X:MZ0001",
 *  "checkCode":"38201749562017384950","documentHash":"9f86d0...","transactionId":"ab12...","blockNumber":17,
 *  "issuedAt":"2026-03-01T08:00:00Z","documentUrl":"/v1/invoices/44010126-0000000042/document"}
 * }</pre>
 *
 * @param invoiceNumber the number
 * @param kind BLUE or RED
 * @param state ISSUED, CLAIMED or REVERSED
 * @param billKey the bill (or invoice request) it was issued for
 * @param checkCode the check code (blue invoices this issuer numbered; the ledger keeps only its digest)
 * @param documentHash SHA-256 of the signed invoice document, hex, as recorded on the ledger
 * @param transactionId the IssueInvoice (blue) or ReverseInvoice (red) transaction
 * @param blockNumber its block, when known
 * @param issuedAt when it was issued, when known
 * @param reversedBy the red-letter invoice that reversed it
 * @param reverses the invoice a red-letter invoice reverses
 * @param reasonCode the reversal's reason
 * @param claimantId who claimed it, once claimed
 * @param documentUrl where to download the document (PDF, or the signed JSON with Accept: application/json)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvoiceView(
        String invoiceNumber,
        String kind,
        String state,
        String billKey,
        String checkCode,
        String documentHash,
        String transactionId,
        Long blockNumber,
        String issuedAt,
        String reversedBy,
        String reverses,
        String reasonCode,
        String claimantId,
        String documentUrl) {

    static InvoiceView of(Invoice invoice) {
        return new InvoiceView(
                invoice.invoiceNumber(),
                invoice.kind().name(),
                invoice.state().name(),
                invoice.billKey(),
                invoice.checkCode(),
                invoice.documentHash(),
                invoice.transactionId(),
                invoice.blockNumber(),
                invoice.issuedAt() == null ? null : invoice.issuedAt().toString(),
                invoice.reversedBy(),
                invoice.reverses(),
                invoice.reasonCode(),
                invoice.claim() == null ? null : invoice.claim().claimantId(),
                "/v1/invoices/" + invoice.invoiceNumber() + "/document");
    }
}
