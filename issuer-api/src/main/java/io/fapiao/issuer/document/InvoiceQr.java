package io.fapiao.issuer.document;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the QR code on an invoice PDF says: the invoice number, its check code (empty on a red-letter
 * invoice) and the SHA-256 of the <em>signed JSON document</em>, which is the ledger's documentHash.
 *
 * <pre>
 * fapiao:invoice?n=44010126-0000000001&amp;c=04719382017465529301&amp;h=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * </pre>
 *
 * The hash is not the PDF's own: a QR code inside a file cannot contain the hash of that file (the
 * hash would change the file that it hashes). The PDF is a rendering; the signed JSON, attached to
 * the PDF, is the document, and its hash is what the ledger anchors.
 *
 * <pre>{@code
 * String text = new InvoiceQr(number, checkCode, documentHash).payload();
 * InvoiceQr scanned = InvoiceQr.parse(text).orElseThrow();
 * }</pre>
 *
 * @param invoiceNumber the number
 * @param checkCode     the check code, or null
 * @param documentHash  64 lower-case hex digits
 */
public record InvoiceQr(String invoiceNumber, String checkCode, String documentHash) {
    private static final Pattern FORM = Pattern.compile(
            "fapiao:invoice\\?n=([0-9]{8}-[0-9]{10}|[A-Z0-9]{1,12}-20[0-9]{2}-[0-9]{8})&c=([A-Za-z0-9]{0,32})&h=([0-9a-f]{64})");

    /** The text encoded in the QR code. */
    public String payload() {
        return "fapiao:invoice?n=" + invoiceNumber + "&c=" + (checkCode == null ? "" : checkCode) + "&h="
                + documentHash;
    }

    /** Reads a scanned payload; empty when it is not one. */
    public static Optional<InvoiceQr> parse(String payload) {
        Matcher m = FORM.matcher(payload == null ? "" : payload);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new InvoiceQr(m.group(1), m.group(2).isEmpty() ? null : m.group(2), m.group(3)));
    }
}
