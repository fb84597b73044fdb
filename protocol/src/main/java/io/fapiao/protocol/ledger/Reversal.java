package io.fapiao.protocol.ledger;

/**
 * How an invoice was reversed, recorded on the reversed invoice.
 *
 * <pre>{@code
 * String red = invoice.reversal().redInvoiceNumber();
 * }</pre>
 *
 * @param redInvoiceNumber the red-letter invoice
 * @param reasonCode       why
 * @param documentHash     SHA-256 of the red-letter document, hex
 * @param signature        the issuer's signature over the {@code fapiao.reversal.v1} statement, base64url DER
 * @param txId             the reversing transaction
 * @param at               its timestamp
 */
public record Reversal(
        String redInvoiceNumber, String reasonCode, String documentHash, String signature, String txId, String at) {}
