package io.fapiao.protocol.bill;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Json;
import java.util.List;
import java.util.Objects;

/**
 * A request from an ERP or e-commerce system to issue a VAT invoice (增值税发票). Money is integer
 * fen; quantities, unit prices and tax rates are decimal strings.
 *
 * <p>Like {@link Bill}, constructing one never validates it; {@link #violations()} lists every rule
 * it breaks, {@link #requireValid()} refuses it if there is any, {@link #parse(byte[])} does both
 * shape and rule checks.
 *
 * <p>Rules, each reported as a {@link Violation} with a path relative to the request:
 * <table>
 *   <caption>Invoice request fields</caption>
 *   <tr><th>field</th><th>rule</th><th>codes</th></tr>
 *   <tr><td>{@code requestId}</td><td>1–64 characters of {@code [A-Za-z0-9._-]}</td>
 *       <td>REQUIRED, TOO_LONG, BAD_FORMAT</td></tr>
 *   <tr><td>{@code seller}</td><td>name and USCC required, see {@link InvoiceParty}</td>
 *       <td>REQUIRED, TOO_LONG, BAD_FORMAT, BAD_CHECK_DIGIT</td></tr>
 *   <tr><td>{@code buyer}</td><td>name required, USCC optional but checked</td>
 *       <td>REQUIRED, TOO_LONG, BAD_FORMAT, BAD_CHECK_DIGIT</td></tr>
 *   <tr><td>{@code issuedAt}</td><td>as {@link Bill#issuedAt()}</td><td>REQUIRED, BAD_TIMESTAMP</td></tr>
 *   <tr><td>{@code lines}</td><td>1 to {@value Bill#MAX_ITEMS} lines, see {@link InvoiceLine}</td>
 *       <td>REQUIRED, NO_ITEMS, TOO_MANY_ITEMS, BAD_QUANTITY, BAD_PRICE, UNKNOWN_TAX_RATE,
 *       NEGATIVE_AMOUNT, AMOUNT_TOO_LARGE, AMOUNT_MISMATCH, TAX_MISMATCH</td></tr>
 *   <tr><td>{@code totalAmount}</td><td>the sum of the line amounts</td>
 *       <td>NEGATIVE_AMOUNT, AMOUNT_TOO_LARGE, TOTAL_MISMATCH</td></tr>
 *   <tr><td>{@code totalTax}</td><td>the sum of the line taxes</td>
 *       <td>NEGATIVE_AMOUNT, AMOUNT_TOO_LARGE, TOTAL_MISMATCH</td></tr>
 *   <tr><td>{@code totalWithTax}</td><td>{@code totalAmount + totalTax}</td>
 *       <td>NEGATIVE_AMOUNT, AMOUNT_TOO_LARGE, TOTAL_MISMATCH</td></tr>
 *   <tr><td>{@code remarks}</td><td>optional; at most 500 characters, not blank, line feeds allowed</td>
 *       <td>TOO_LONG, BAD_FORMAT</td></tr>
 * </table>
 *
 * <pre>{@code
 * InvoiceRequest request = new InvoiceRequest("ORD-20240315-0001",
 *         new InvoiceParty("杭州云帆科技有限公司", "91330106MA2H2L7X9W"),
 *         new InvoiceParty("王芳", null),
 *         "2024-03-15T14:05:09+08:00",
 *         List.of(new InvoiceLine("*图书*现代汉语词典", "1", "82.568807", "0.09", 8_257, 743)),
 *         8_257, 743, 9_000, null);
 * request.requireValid();
 * }</pre>
 *
 * @param requestId    the caller's id for this request, unique per seller
 * @param seller       who sells and issues
 * @param buyer        who buys
 * @param issuedAt     when, RFC 3339 with seconds and an explicit offset
 * @param lines        the goods and services; never null elements
 * @param totalAmount  the sum of the line amounts, excluding tax, in fen
 * @param totalTax     the sum of the line taxes, in fen
 * @param totalWithTax {@code totalAmount + totalTax}, in fen
 * @param remarks      free remarks, or null
 */
public record InvoiceRequest(
        @StrictScalars.Text String requestId,
        InvoiceParty seller,
        InvoiceParty buyer,
        @StrictScalars.Text String issuedAt,
        List<InvoiceLine> lines,
        @StrictScalars.Fen long totalAmount,
        @StrictScalars.Fen long totalTax,
        @StrictScalars.Fen long totalWithTax,
        @StrictScalars.Text String remarks) {

    /**
     * The {@code billCode} of a sealed envelope that carries an invoice request rather than a medical
     * bill: {@value}. A bill's code is exactly 8 digits, so this value can never be one; the header
     * alone therefore tells which kind of payload an envelope carries
     * ({@link io.fapiao.protocol.seal.SealedBillHeader#carriesInvoiceRequest()}).
     */
    public static final String ENVELOPE_BILL_CODE = "VAT-REQUEST";

    /**
     * Copies {@code lines} (when not null) into an immutable list.
     *
     * @throws NullPointerException if {@code lines} contains null
     */
    public InvoiceRequest {
        lines = lines == null ? null : List.copyOf(lines);
    }

    /** Every rule this request breaks, in field order; empty when it is valid. Never throws. */
    public List<Violation> violations() {
        return InvoiceRequestRules.check(this);
    }

    /**
     * Refuses this request if it breaks any rule.
     *
     * @throws ProtocolException {@link ErrorCode#INVALID_BILL}, carrying every violation and
     *     summarising the first few in its message
     */
    public void requireValid() throws ProtocolException {
        List<Violation> violations = violations();
        if (!violations.isEmpty()) {
            throw Rules.invalid("invoice request " + requestId, violations);
        }
    }

    /**
     * Reads an invoice request from JSON and checks it.
     *
     * @throws ProtocolException {@link ErrorCode#MALFORMED} if the bytes are not an invoice request
     *     document; {@link ErrorCode#INVALID_BILL} if it is one but breaks a rule
     */
    public static InvoiceRequest parse(byte[] json) throws ProtocolException {
        Objects.requireNonNull(json, "json");
        InvoiceRequest request = Json.read(json, InvoiceRequest.class);
        if (request == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "not a valid InvoiceRequest document: JSON null");
        }
        request.requireValid();
        return request;
    }
}
