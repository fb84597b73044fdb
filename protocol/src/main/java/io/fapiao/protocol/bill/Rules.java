package io.fapiao.protocol.bill;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks shared by {@link BillRules} and {@link InvoiceRequestRules}, collecting every
 * violation found rather than stopping at the first. No check throws on any input: decimal strings
 * are matched against a bounded pattern before they are read (in millionths, exactly), and line
 * amounts and sums are exact, in {@code long} arithmetic while it cannot overflow.
 */
final class Rules {
    // Identifiers and decimals are checked by hand rather than with regular expressions: a bill
    // has three of them per item, and a matcher per field was a visible share of opening one.
    /** Most integer digits of a plain decimal. */
    private static final int DECIMAL_INTEGER_DIGITS = 12;
    /** Most fraction digits of a plain decimal. */
    private static final int DECIMAL_FRACTION_DIGITS = 6;

    private static final Pattern TIMESTAMP = Pattern.compile(
            "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:Z|([+-])([0-9]{2}):([0-9]{2}))");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Millionths of a yuan times millionths of a yuan are 10^-12 yuan; this many make a fen. */
    private static final long PICO_PER_FEN = 10_000_000_000L;
    /** What {@link #quantity}, {@link #price} and {@link #lineAmountFen} return for no value. */
    static final long NO_DECIMAL = -1;

    private static final int SUMMARY_VIOLATIONS = 3;

    private final List<Violation> found = new ArrayList<>();
    /** The list and index of the element being checked, or null at the top level; see {@link #within}. */
    private String list;

    private int index;

    List<Violation> result() {
        return List.copyOf(found);
    }

    /**
     * Checks that follow are of element {@code index} of {@code list}: their paths are relative to it
     * ({@code "code"} means {@code items[3].code}, {@code ""} the element itself). The full path is
     * only built when a violation is reported, not once per field of every item.
     */
    void within(String list, int index) {
        this.list = list;
        this.index = index;
    }

    /** Checks that follow are at the top level again. */
    void top() {
        this.list = null;
    }

    private String path(String path) {
        if (list == null) {
            return path;
        }
        return list + "[" + index + "]" + (path.isEmpty() ? "" : "." + path);
    }

    void add(String path, String code, String message) {
        found.add(new Violation(path(path), code, message));
    }

    void add(String path, Problem problem) {
        if (problem != null) {
            found.add(problem.at(path(path)));
        }
    }

    /** Reports {@code REQUIRED} for a missing object and says whether it is present. */
    boolean present(String path, Object value, String what) {
        if (value == null) {
            add(path, ViolationCode.REQUIRED, what + " is required");
            return false;
        }
        return true;
    }

    /**
     * A required line of text: not blank, at most {@code max} code points, no control characters,
     * no unpaired surrogates, no leading or trailing whitespace. Says whether it was present.
     */
    boolean text(String path, String value, int max, String what) {
        if (value == null || value.isBlank()) {
            add(path, ViolationCode.REQUIRED, what + " is required and must not be blank");
            return false;
        }
        shape(path, value, max, false, what);
        return true;
    }

    /** Optional text (null is fine); when present it follows {@link #text}'s rules, and line breaks are allowed if {@code multiline}. */
    void optionalText(String path, String value, int max, boolean multiline, String what) {
        if (value == null) {
            return;
        }
        if (value.isBlank()) {
            add(
                    path,
                    ViolationCode.BAD_FORMAT,
                    what + " is optional but, when present, must not be blank; omit it instead");
            return;
        }
        shape(path, value, max, multiline, what);
    }

    private void shape(String path, String value, int max, boolean multiline, String what) {
        // One pass counts code points and finds the first bad character: every item has a name.
        int length = 0;
        String bad = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            length++;
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (bad != null) {
                continue;
            } else if (Character.isSurrogate(c)) {
                bad = "contains an unpaired surrogate at index " + i;
            } else if (Character.isISOControl(c) && !(multiline && c == '\n')) {
                bad = String.format(
                        "contains control character U+%04X at index %d%s",
                        (int) c, i, multiline ? "; only line feed (U+000A) is allowed" : "");
            }
        }
        if (length > max) {
            add(path, ViolationCode.TOO_LONG, what + " has " + length + " characters; at most " + max + " are allowed");
        }
        if (bad != null) {
            add(path, ViolationCode.BAD_FORMAT, what + " " + bad);
        } else if (Character.isWhitespace(value.codePointAt(0))
                || Character.isWhitespace(value.codePointBefore(value.length()))) {
            add(path, ViolationCode.BAD_FORMAT, what + " must not start or end with whitespace");
        }
    }

    /** A required identifier: 1 to {@code max} characters of {@code [A-Za-z0-9._-]}. */
    void identifier(String path, String value, int max, String what) {
        if (value == null || value.isBlank()) {
            add(path, ViolationCode.REQUIRED, what + " is required");
            return;
        }
        if (value.length() > max) {
            add(
                    path,
                    ViolationCode.TOO_LONG,
                    what + " has " + value.length() + " characters; at most " + max + " are allowed");
        }
        if (!isIdentifier(value)) {
            add(
                    path,
                    ViolationCode.BAD_FORMAT,
                    what + " may contain only ASCII letters, digits, '.', '_' and '-'; got " + Uscc.quote(value));
        }
    }

    /** Identifiers such as a bill id: one or more ASCII letters, digits, dots, underscores, hyphens. */
    static boolean isIdentifier(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || isDigit(c) || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A plain decimal: {@code 0} or a digit string without leading zero of at most 12 digits,
     * optionally followed by a dot and 1 to 6 digits; no sign, no exponent, nothing else.
     */
    static boolean isPlainDecimal(String value) {
        int length = value.length();
        int dot = value.indexOf('.');
        int integerEnd = dot < 0 ? length : dot;
        if (integerEnd == 0
                || integerEnd > DECIMAL_INTEGER_DIGITS
                || (value.charAt(0) == '0' && integerEnd > 1)
                || !allDigits(value, 0, integerEnd)) {
            return false;
        }
        if (dot < 0) {
            return true;
        }
        int fraction = length - dot - 1;
        return fraction >= 1 && fraction <= DECIMAL_FRACTION_DIGITS && allDigits(value, dot + 1, length);
    }

    private static boolean allDigits(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A unified social credit code, required or not. */
    void uscc(String path, String value, boolean required, String what) {
        if (value == null || value.isBlank()) {
            if (required) {
                add(path, ViolationCode.REQUIRED, what + " is required: 18 characters of 0-9 A-H J-N P-R T-U W-Y");
            } else if (value != null) {
                add(
                        path,
                        ViolationCode.BAD_FORMAT,
                        what + " is optional but, when present, must not be blank; omit it instead");
            }
            return;
        }
        add(path, Uscc.problem(value));
    }

    /**
     * An issue time: exactly {@code yyyy-MM-ddTHH:mm:ss} then {@code Z} or {@code ±HH:MM}, a real
     * date and time, an offset within ±18:00 and not {@code -00:00}. Returns it, or null if bad.
     */
    OffsetDateTime timestamp(String path, String value) {
        if (value == null || value.isBlank()) {
            add(path, ViolationCode.REQUIRED, "issue time is required, like 2024-03-15T09:30:00+08:00");
            return null;
        }
        OffsetDateTime parsed = parseTimestamp(value);
        if (parsed == null) {
            add(
                    path,
                    ViolationCode.BAD_TIMESTAMP,
                    "expected an RFC 3339 time with seconds and an explicit offset, exactly"
                            + " yyyy-MM-ddTHH:mm:ss followed by Z or ±HH:MM and no fractional seconds, like"
                            + " 2024-03-15T09:30:00+08:00; got " + Uscc.quote(value));
        }
        return parsed;
    }

    static OffsetDateTime parseTimestamp(String value) {
        Matcher m = TIMESTAMP.matcher(value);
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(
                    number(m, 1), number(m, 2), number(m, 3), number(m, 4), number(m, 5), number(m, 6));
            ZoneOffset offset = ZoneOffset.UTC;
            if (m.group(7) != null) {
                int hours = number(m, 8);
                int minutes = number(m, 9);
                if (minutes > 59 || m.group(7).equals("-") && hours == 0 && minutes == 0) {
                    return null;
                }
                offset = m.group(7).equals("-")
                        ? ZoneOffset.ofHoursMinutes(-hours, -minutes)
                        : ZoneOffset.ofHoursMinutes(hours, minutes);
            }
            return OffsetDateTime.of(local, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int number(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    /** A fen amount: not negative, not above {@link Bill#MAX_AMOUNT_FEN}. */
    void amount(String path, long fen, String what) {
        if (fen < 0) {
            add(path, ViolationCode.NEGATIVE_AMOUNT, what + " is " + fen + " fen; it must be 0 or more");
        } else if (fen > Bill.MAX_AMOUNT_FEN) {
            add(
                    path,
                    ViolationCode.AMOUNT_TOO_LARGE,
                    what + " is " + fen + " fen; at most " + Bill.MAX_AMOUNT_FEN + " fen is allowed");
        }
    }

    /** A quantity: a plain decimal above zero. Returns it in millionths, or {@link #NO_DECIMAL} if missing or bad. */
    long quantity(String path, String value) {
        if (value == null || value.isBlank()) {
            add(path, ViolationCode.REQUIRED, "quantity is required, a decimal string like \"2\" or \"0.5\"");
            return NO_DECIMAL;
        }
        if (!isPlainDecimal(value)) {
            add(
                    path,
                    ViolationCode.BAD_QUANTITY,
                    "quantity must be a plain decimal string with at most 12 integer digits"
                            + " and 6 decimals, no sign, exponent or leading zeros, like \"2\" or \"0.5\"; got "
                            + Uscc.quote(value));
            return NO_DECIMAL;
        }
        long quantity = micros(value);
        if (quantity == 0) {
            add(path, ViolationCode.BAD_QUANTITY, "quantity must be greater than 0; got \"" + value + "\"");
            return NO_DECIMAL;
        }
        return quantity;
    }

    /** A unit price in yuan: a plain decimal of at least zero. Returns it in millionths, or {@link #NO_DECIMAL} if missing or bad. */
    long price(String path, String value) {
        if (value == null || value.isBlank()) {
            add(path, ViolationCode.REQUIRED, "unit price is required, a decimal string in yuan like \"12.50\"");
            return NO_DECIMAL;
        }
        if (!isPlainDecimal(value)) {
            add(
                    path,
                    ViolationCode.BAD_PRICE,
                    "unit price must be a plain decimal string in yuan, at least 0, with at most"
                            + " 12 integer digits and 6 decimals, no sign, exponent or leading zeros, like \"12.50\"; got "
                            + Uscc.quote(value));
            return NO_DECIMAL;
        }
        return micros(value);
    }

    /**
     * The value of a plain decimal ({@link #isPlainDecimal}) in millionths: exact, since it has at
     * most 6 decimals, and below 10^18, since it has at most 12 integer digits.
     */
    static long micros(String plainDecimal) {
        long value = 0;
        int decimals = -1;
        for (int i = 0; i < plainDecimal.length(); i++) {
            char c = plainDecimal.charAt(i);
            if (c == '.') {
                decimals = 0;
            } else {
                value = value * 10 + (c - '0');
                if (decimals >= 0) {
                    decimals++;
                }
            }
        }
        for (int i = Math.max(decimals, 0); i < DECIMAL_FRACTION_DIGITS; i++) {
            value *= 10;
        }
        return value;
    }

    /** The fen amount of a line: round-half-up(quantity × unit price × 100). */
    static BigInteger lineAmount(BigDecimal quantity, BigDecimal unitPrice) {
        return quantity.multiply(unitPrice)
                .multiply(HUNDRED)
                .setScale(0, RoundingMode.HALF_UP)
                .toBigIntegerExact();
    }

    /**
     * {@link #lineAmount(BigDecimal, BigDecimal)} of two decimals given in millionths, in plain
     * {@code long} arithmetic (no allocation: a bill has up to a thousand lines), or
     * {@link #NO_DECIMAL} when the exact product does not fit a {@code long}, that is for lines
     * above about 9.2 million yuan, which the caller then computes exactly.
     */
    static long lineAmountFen(long quantityMicros, long priceMicros) {
        // micros × micros is in 10^-12 yuan; a fen is 10^-2 yuan.
        long product = quantityMicros * priceMicros;
        if (Math.multiplyHigh(quantityMicros, priceMicros) != 0 || product < 0) {
            return NO_DECIMAL;
        }
        long fen = product / PICO_PER_FEN;
        return product - fen * PICO_PER_FEN >= PICO_PER_FEN / 2 ? fen + 1 : fen;
    }

    /** Reports {@code AMOUNT_MISMATCH} unless {@code fen} is the line amount of quantity and unit price (both in millionths). */
    void lineAmount(String path, long fen, long quantity, String quantityText, long unitPrice, String priceText) {
        long fast = lineAmountFen(quantity, unitPrice);
        Object expected = fast != NO_DECIMAL
                ? (Object) fast
                : lineAmount(new BigDecimal(quantityText), new BigDecimal(priceText));
        if (fast == NO_DECIMAL ? !expected.equals(BigInteger.valueOf(fen)) : fast != fen) {
            add(
                    path,
                    ViolationCode.AMOUNT_MISMATCH,
                    "amount " + fen + " fen ≠ quantity " + quantityText + " × unit price " + priceText + " yuan = "
                            + expected + " fen (rounded half up)");
        }
    }

    /** Reports {@code TOTAL_MISMATCH} unless {@code declared} equals {@code expected}. */
    void total(String path, long declared, ExactSum expected, String explanation) {
        if (!expected.is(declared)) {
            add(
                    path,
                    ViolationCode.TOTAL_MISMATCH,
                    path + " " + declared + " fen ≠ " + explanation + " = " + expected + " fen");
        }
    }

    /** Checks the size of a list of lines; returns whether there are lines to check one by one. */
    boolean lines(String path, List<?> lines, String what) {
        if (lines == null) {
            add(path, ViolationCode.REQUIRED, what + " are required: at least one");
            return false;
        }
        if (lines.isEmpty()) {
            add(path, ViolationCode.NO_ITEMS, "there must be at least one of the " + what + "; got none");
            return false;
        }
        if (lines.size() > Bill.MAX_ITEMS) {
            add(
                    path,
                    ViolationCode.TOO_MANY_ITEMS,
                    "there are " + lines.size() + " " + what + "; at most " + Bill.MAX_ITEMS + " are allowed");
        }
        return true;
    }

    /** The exception {@code requireValid()} throws: INVALID_BILL, the violations, and the first few in the message. */
    static ProtocolException invalid(String what, List<Violation> violations) {
        StringBuilder message = new StringBuilder(what)
                .append(" breaks ")
                .append(violations.size())
                .append(violations.size() == 1 ? " rule: " : " rules: ");
        for (int i = 0; i < Math.min(SUMMARY_VIOLATIONS, violations.size()); i++) {
            message.append(i == 0 ? "" : "; ").append(violations.get(i));
        }
        if (violations.size() > SUMMARY_VIOLATIONS) {
            message.append("; and ")
                    .append(violations.size() - SUMMARY_VIOLATIONS)
                    .append(" more");
        }
        return new ProtocolException(ErrorCode.INVALID_BILL, message.toString(), violations);
    }
}
