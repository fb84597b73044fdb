package io.fapiao.protocol.bill;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.util.List;

/**
 * A medical e-bill (医疗收费电子票据) as a hospital issues it. Money is integer fen; quantities
 * and unit prices are decimal strings, so that the JSON that is hashed and signed never passes
 * through floating point.
 *
 * <p>A bill is an immutable value: constructing one never validates it (so a broken bill can be
 * held and reported on), {@link #violations()} lists every rule it breaks, {@link #requireValid()}
 * refuses it if there is any, and {@link #parse(byte[])} does both shape and rule checks at once.
 *
 * <p>Rules, each reported as a {@link Violation} with a path relative to the bill:
 * <table>
 *   <caption>Bill fields</caption>
 *   <tr><th>field</th><th>rule</th><th>codes</th></tr>
 *   <tr><td>{@code billCode}</td><td>票据代码, exactly 8 digits</td><td>REQUIRED, BAD_FORMAT</td></tr>
 *   <tr><td>{@code billId}</td><td>1–64 characters of {@code [A-Za-z0-9._-]}, unique within the issuer</td>
 *       <td>REQUIRED, TOO_LONG, BAD_FORMAT</td></tr>
 *   <tr><td>{@code issuerId}</td><td>the issuer's unified social credit code, see {@link Uscc}</td>
 *       <td>REQUIRED, BAD_FORMAT, BAD_CHECK_DIGIT</td></tr>
 *   <tr><td>{@code issuerName}</td><td>at most 100 characters</td><td>REQUIRED, TOO_LONG, BAD_FORMAT</td></tr>
 *   <tr><td>{@code issuedAt}</td><td>exactly {@code yyyy-MM-ddTHH:mm:ss} then {@code Z} or {@code ±HH:MM}
 *       (not {@code -00:00}), a real date and time; no fractional seconds</td><td>REQUIRED, BAD_TIMESTAMP</td></tr>
 *   <tr><td>{@code payer}</td><td>see {@link Payer}</td><td>REQUIRED, TOO_LONG, BAD_FORMAT,
 *       BAD_CHECK_DIGIT, UNKNOWN_ID_TYPE</td></tr>
 *   <tr><td>{@code items}</td><td>1 to {@value #MAX_ITEMS} items, see {@link BillItem}</td>
 *       <td>REQUIRED, NO_ITEMS, TOO_MANY_ITEMS, UNKNOWN_CATEGORY, BAD_QUANTITY, BAD_PRICE,
 *       NEGATIVE_AMOUNT, AMOUNT_TOO_LARGE, AMOUNT_MISMATCH</td></tr>
 *   <tr><td>{@code total}</td><td>the sum of the item amounts</td>
 *       <td>NEGATIVE_AMOUNT, AMOUNT_TOO_LARGE, TOTAL_MISMATCH</td></tr>
 *   <tr><td>{@code insurance}</td><td>three parts adding up to {@code total}, see {@link InsuranceSplit}</td>
 *       <td>REQUIRED, NEGATIVE_AMOUNT, AMOUNT_TOO_LARGE, INSURANCE_MISMATCH</td></tr>
 *   <tr><td>{@code payeeClerk}</td><td>收款人, at most 32 characters</td><td>REQUIRED, TOO_LONG, BAD_FORMAT</td></tr>
 *   <tr><td>{@code remarks}</td><td>optional (null, omitted from JSON); at most 500 characters, not blank,
 *       line feeds allowed</td><td>TOO_LONG, BAD_FORMAT</td></tr>
 * </table>
 * Text is measured in Unicode code points and must not contain control characters or unpaired
 * surrogates, nor start or end with whitespace. Every fen amount lies in 0 to {@value #MAX_AMOUNT_FEN},
 * so no valid sum overflows a {@code long}; sums are computed exactly, so an invalid bill with huge
 * amounts yields violations, never an {@link ArithmeticException}.
 *
 * <p>A one-item outpatient bill, as JSON:
 * <pre>{@code
 * {"billCode":"11060124","billId":"0000012345","issuerId":"121101054000012809",
 *  "issuerName":"北京市朝阳区第一人民医院","issuedAt":"2024-03-15T09:30:00+08:00",
 *  "payer":{"name":"张伟","idType":"RESIDENT_ID","idNumber":"11010519491231002X"},
 *  "items":[{"code":"110200001","name":"普通门诊诊查费","category":"REGISTRATION",
 *            "quantity":"1","unitPrice":"10.00","amount":1000}],
 *  "total":1000,"insurance":{"fundPaid":0,"personalAccount":600,"personalCash":400},
 *  "payeeClerk":"李娜"}
 * }</pre>
 * and in code:
 * <pre>{@code
 * Bill bill = Bill.parse(bytes);                 // MALFORMED or INVALID_BILL on failure
 * List<Violation> problems = other.violations(); // empty when valid
 * }</pre>
 *
 * @param billCode   票据代码: 8 digits
 * @param billId     票据号码: the bill's id, unique within the issuer
 * @param issuerId   the issuing hospital's unified social credit code
 * @param issuerName the issuing hospital's name
 * @param issuedAt   when the bill was issued, RFC 3339 with seconds and an explicit offset
 * @param payer      who the bill is made out to
 * @param items      the charges, in print order; never null elements
 * @param total      the sum of the item amounts, in fen
 * @param insurance  how the total was settled
 * @param payeeClerk the clerk who took the payment (收款人)
 * @param remarks    free remarks, or null
 */
public record Bill(
        @StrictScalars.Text String billCode,
        @StrictScalars.Text String billId,
        @StrictScalars.Text String issuerId,
        @StrictScalars.Text String issuerName,
        @StrictScalars.Text String issuedAt,
        Payer payer,
        List<BillItem> items,
        @StrictScalars.Fen long total,
        InsuranceSplit insurance,
        @StrictScalars.Text String payeeClerk,
        @StrictScalars.Text String remarks) {

    /** The most items (or invoice lines) one document may carry. */
    public static final int MAX_ITEMS = 1000;
    /**
     * The largest fen amount anywhere in a bill or invoice request: 10<sup>15</sup> fen, ten
     * trillion yuan. {@value #MAX_ITEMS} such amounts still sum well inside a {@code long}.
     */
    public static final long MAX_AMOUNT_FEN = 1_000_000_000_000_000L;

    /**
     * Copies {@code items} (when not null) into an immutable list.
     *
     * @throws NullPointerException if {@code items} contains null
     */
    public Bill {
        items = items == null ? null : List.copyOf(items);
    }

    /**
     * This bill under another id and issue time: sample and load-test bills are re-dated to now, since
     * a verifier checks the signer's certificate at the bill's issue time.
     *
     * <pre>{@code
     * Bill today = SampleBills.outpatient(7, uscc).reissued("MZ-20261121-0007", OffsetDateTime.now(ZoneOffset.ofHours(8)));
     * }</pre>
     */
    public Bill reissued(String newBillId, java.time.OffsetDateTime newIssuedAt) {
        String issued = newIssuedAt.format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx"));
        return new Bill(
                billCode, newBillId, issuerId, issuerName, issued, payer, items, total, insurance, payeeClerk, remarks);
    }

    /** Every rule this bill breaks, in field order; empty when it is valid. Never throws. */
    public List<Violation> violations() {
        return BillRules.check(this);
    }

    /**
     * Refuses this bill if it breaks any rule.
     *
     * @throws ProtocolException {@link ErrorCode#INVALID_BILL}, carrying every violation and
     *     summarising the first few in its message
     */
    public void requireValid() throws ProtocolException {
        List<Violation> violations = violations();
        if (!violations.isEmpty()) {
            throw Rules.invalid("bill " + billId, violations);
        }
    }

    /**
     * The bill's canonical JSON (RFC 8785), the bytes that are digested, signed and encrypted; the
     * same as {@code CanonicalJson.encode(bill)}, written directly.
     *
     * @throws IllegalArgumentException if a field holds what JCS cannot represent (a lone surrogate,
     *     an amount beyond ±2<sup>53</sup>); a valid bill never does
     */
    public byte[] toCanonicalJson() {
        return BillJson.encode(this);
    }

    /**
     * Reads a bill from JSON and checks it.
     *
     * @throws ProtocolException {@link ErrorCode#MALFORMED} if the bytes are not a bill document
     *     (bad JSON, unknown or duplicate field, wrong type, null item); {@link ErrorCode#INVALID_BILL}
     *     if it is one but breaks a rule
     */
    public static Bill parse(byte[] json) throws ProtocolException {
        // Sealed bills carry their canonical form, which a byte-level reader takes quickly; anything
        // else goes through the streaming reader with the binding's exact shape rules and messages
        // (each property-tested against the next: CanonicalBillReader, BillReader, Json.read).
        Bill bill = CanonicalBillReader.read(json);
        if (bill == null) {
            bill = BillReader.read(json);
        }
        bill.requireValid();
        return bill;
    }
}
