package io.fapiao.protocol.bill;

/**
 * The stable codes a {@link Violation} can carry. Like {@link io.fapiao.protocol.ErrorCode}, these
 * strings are part of the wire contract (they reach chaincode errors and HTTP problem documents), so
 * a code is never renamed or reused for a different rule.
 *
 * <pre>{@code
 * boolean arithmetic = bill.violations().stream()
 *         .anyMatch(v -> v.code().equals(ViolationCode.AMOUNT_MISMATCH));
 * }</pre>
 */
public final class ViolationCode {
    /** A required field is null, empty or only whitespace. */
    public static final String REQUIRED = "REQUIRED";
    /** A text field is longer than its documented limit (counted in Unicode code points). */
    public static final String TOO_LONG = "TOO_LONG";
    /**
     * A field does not have the required shape: wrong pattern or length for a code, control
     * characters or surrounding whitespace in a name, a resident id whose birth date is impossible.
     */
    public static final String BAD_FORMAT = "BAD_FORMAT";
    /** A unified social credit code or resident id number is well-shaped but its check character is wrong. */
    public static final String BAD_CHECK_DIGIT = "BAD_CHECK_DIGIT";
    /** A fen amount is below zero. */
    public static final String NEGATIVE_AMOUNT = "NEGATIVE_AMOUNT";
    /** A fen amount is above {@link Bill#MAX_AMOUNT_FEN}. */
    public static final String AMOUNT_TOO_LARGE = "AMOUNT_TOO_LARGE";
    /** A quantity is not a plain decimal greater than zero with at most 12 integer digits and 6 decimals. */
    public static final String BAD_QUANTITY = "BAD_QUANTITY";
    /** A unit price is not a plain decimal of at least zero with at most 12 integer digits and 6 decimals. */
    public static final String BAD_PRICE = "BAD_PRICE";
    /** A line amount is not round-half-up(quantity × unit price × 100) fen. */
    public static final String AMOUNT_MISMATCH = "AMOUNT_MISMATCH";
    /** A total is not the sum of its lines, or a total with tax is not amount plus tax. */
    public static final String TOTAL_MISMATCH = "TOTAL_MISMATCH";
    /** The fund, personal-account and cash parts of a bill do not add up to its total. */
    public static final String INSURANCE_MISMATCH = "INSURANCE_MISMATCH";
    /** A bill or invoice request has no items or lines. */
    public static final String NO_ITEMS = "NO_ITEMS";
    /** A bill or invoice request has more than {@link Bill#MAX_ITEMS} items or lines. */
    public static final String TOO_MANY_ITEMS = "TOO_MANY_ITEMS";
    /** A bill item's category is not one of {@link ItemCategory}. */
    public static final String UNKNOWN_CATEGORY = "UNKNOWN_CATEGORY";
    /** An invoice line's tax rate is not one of {@link InvoiceLine#TAX_RATES}. */
    public static final String UNKNOWN_TAX_RATE = "UNKNOWN_TAX_RATE";
    /** An invoice line's tax is not round-half-up(amount × tax rate) fen. */
    public static final String TAX_MISMATCH = "TAX_MISMATCH";
    /** A payer's id type is not one of {@link IdType}. */
    public static final String UNKNOWN_ID_TYPE = "UNKNOWN_ID_TYPE";
    /** An issue time is not {@code yyyy-MM-ddTHH:mm:ss} followed by {@code Z} or {@code ±HH:MM}, or names no real instant. */
    public static final String BAD_TIMESTAMP = "BAD_TIMESTAMP";

    private ViolationCode() {}
}
