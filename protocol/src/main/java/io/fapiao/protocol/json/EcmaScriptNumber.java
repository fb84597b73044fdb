package io.fapiao.protocol.json;

import java.math.BigDecimal;

/**
 * Formats a double exactly as ECMAScript's {@code Number.prototype.toString} does, which is the
 * number form RFC 8785 prescribes. Java's {@link Double#toString(double)} already finds the
 * shortest digits that round-trip (since JDK 19), so only the layout differs, plus one corner
 * described in {@link #shortestDigits(double)}.
 */
final class EcmaScriptNumber {
    /** ECMAScript switches to exponent form at 10^21 and below 10^-6. */
    private static final int MAX_PLAIN_POINT = 21;

    private static final int MIN_PLAIN_POINT = -5;

    private EcmaScriptNumber() {}

    /**
     * A positive decimal {@code 0.digits × 10^point}: {@code digits} has no leading or trailing
     * zero, so {@code point} is ECMAScript's <i>n</i> and {@code digits.length()} its <i>k</i>.
     */
    private record Decimal(String digits, int point) {
        double toDouble() {
            return Double.parseDouble("0." + digits + "E" + point);
        }

        BigDecimal exact() {
            return new BigDecimal("0." + digits + "E" + point);
        }
    }

    static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("NaN and infinities have no JSON form");
        }
        if (value == 0) {
            return "0"; // ECMAScript prints -0 as "0" too
        }
        if (value < 0) {
            return "-" + format(-value);
        }
        return layout(shortestDigits(value));
    }

    /**
     * Java and ECMAScript agree on the shortest digits except where a single digit would do: there
     * Java may prefer a closer two-digit decimal (Double.MIN_VALUE is "4.9E-324", ECMAScript says
     * "5e-324"). In that case the nearer of the two one-digit neighbours that still round-trips
     * is the ECMAScript answer.
     */
    private static Decimal shortestDigits(double value) {
        Decimal java = parseJavaString(Double.toString(value));
        if (java.digits().length() != 2) {
            return java;
        }
        int lead = java.digits().charAt(0) - '0';
        Decimal down = new Decimal(Integer.toString(lead), java.point());
        Decimal up =
                lead == 9 ? new Decimal("1", java.point() + 1) : new Decimal(Integer.toString(lead + 1), java.point());
        boolean downFits = down.toDouble() == value;
        boolean upFits = up.toDouble() == value;
        if (downFits && upFits) {
            BigDecimal exact = new BigDecimal(value);
            int cmp = exact.subtract(down.exact()).compareTo(up.exact().subtract(exact));
            return cmp < 0 || (cmp == 0 && lead % 2 == 0) ? down : up;
        }
        if (downFits) {
            return down;
        }
        return upFits ? up : java;
    }

    /** Reads Java's "123.45" or "1.2345E-7" forms; the value is positive and finite. */
    private static Decimal parseJavaString(String text) {
        int e = text.indexOf('E');
        String mantissa = e < 0 ? text : text.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(text.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int first = 0;
        while (digits.charAt(first) == '0') {
            first++;
        }
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return new Decimal(digits.substring(first, end), dot + exponent - first);
    }

    /** The decimal layout of ECMA-262 Number::toString(x, 10), given its n and k. */
    private static String layout(Decimal decimal) {
        String digits = decimal.digits();
        int k = digits.length();
        int n = decimal.point();
        if (k <= n && n <= MAX_PLAIN_POINT) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= MAX_PLAIN_POINT) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (MIN_PLAIN_POINT <= n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int exponent = n - 1;
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }
}
