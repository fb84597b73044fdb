package io.fapiao.issuer.verification;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The public answer of {@code GET /v1/verify}: whether the number and check code name a genuine
 * invoice and, if so, its state and the hash of its signed document (to compare with the document
 * in hand). Nothing about the payer or the bill.
 *
 * <pre>{@code
 * {"valid":true,"invoiceNumber":"44010126-0000000042","kind":"BLUE","state":"ISSUED",
 *  "documentHash":"9f86d0...","issuedAt":"2026-03-01T08:00:00Z","issuerId":"ISSUER-01"}
 * {"valid":false,"invoiceNumber":"44010126-0000000042"}
 * }</pre>
 *
 * @param valid whether an invoice with this number and check code exists on the ledger
 * @param invoiceNumber the number asked about
 * @param kind BLUE or RED (valid only)
 * @param state ISSUED, CLAIMED or REVERSED (valid only)
 * @param documentHash SHA-256 of the signed invoice document, hex (valid only)
 * @param issuedAt when the ledger recorded the issuance (valid only)
 * @param issuerId the issuer of the number range (valid only)
 * @param reversedBy the red-letter invoice that reversed it, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerificationResult(
        boolean valid,
        String invoiceNumber,
        String kind,
        String state,
        String documentHash,
        String issuedAt,
        String issuerId,
        String reversedBy) {

    static VerificationResult invalid(String invoiceNumber) {
        return new VerificationResult(false, invoiceNumber, null, null, null, null, null, null);
    }
}
