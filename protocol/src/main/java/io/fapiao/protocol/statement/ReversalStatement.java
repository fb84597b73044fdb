package io.fapiao.protocol.statement;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The issuer's red-letter reversal of an issued invoice, signed with the issuer's Fabric certificate and
 * checked by ReverseInvoice. Signed bytes, e.g.:
 * <pre>{"documentHash":"2c26...","invoiceNumber":"44010126-0000000001","reasonCode":"SALES_RETURN","redInvoiceNumber":"44010126-0000000002","statement":"fapiao.reversal.v1"}</pre>
 *
 * <pre>{@code
 * byte[] signature = new ReversalStatement(number, "SALES_RETURN", redNumber, sha256Hex).sign(signer);
 * }</pre>
 *
 * @param invoiceNumber    the invoice being reversed
 * @param reasonCode       why, as a code
 * @param redInvoiceNumber the red-letter invoice's own number, from the issuer's reserved ranges
 * @param documentHash     SHA-256 of the red-letter invoice document, 64 lower-case hex digits
 */
public record ReversalStatement(String invoiceNumber, String reasonCode, String redInvoiceNumber, String documentHash)
        implements Statement {
    public static final String TYPE = "fapiao.reversal.v1";

    @Override
    @JsonIgnore
    public String statementType() {
        return TYPE;
    }
}
