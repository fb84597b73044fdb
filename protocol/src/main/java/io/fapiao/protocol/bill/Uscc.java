package io.fapiao.protocol.bill;

/**
 * The unified social credit code (统一社会信用代码, USCC) of GB 32100-2015: 18 characters from
 * the 31-character alphabet {@code 0-9 A-H J-N P-R T-U W-Y} (no I, O, S, V, Z), the last a check
 * character over the first 17.
 *
 * <p>The check character: give each of the first 17 characters its index in the alphabet, weight
 * position <i>i</i> (from 0) by 3<sup><i>i</i></sup> mod 31 (1, 3, 9, 27, 19, 26, 16, 17, 20, 29,
 * 25, 13, 8, 24, 10, 30, 28), sum, and take 31 − (sum mod 31); 31 becomes 0. Because 31 is prime
 * and no weight is 0, every single-character change is detected.
 *
 * <p>Only the alphabet, the length and the check character are verified; the registration-authority,
 * category, region and organisation-code parts are not looked up. Lower-case letters are refused:
 * the code is hashed as written, so only one spelling is accepted.
 *
 * <pre>{@code
 * Uscc.isValid("91350100M000100Y43");    // true
 * Uscc.checkDigit("91350100M000100Y4");  // '3'
 * }</pre>
 */
public final class Uscc {
    /** The GB 32100 alphabet; a character's value is its index. */
    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    /** The length of a code, check character included. */
    public static final int LENGTH = 18;

    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private Uscc() {}

    /** Whether {@code code} is 18 alphabet characters ending in the right check character; false for null. */
    public static boolean isValid(String code) {
        return problem(code) == null;
    }

    /**
     * The check character for the first 17 characters of a code.
     *
     * @throws IllegalArgumentException if {@code first17} is not 17 characters of the alphabet
     */
    public static char checkDigit(String first17) {
        if (first17 == null || first17.length() != LENGTH - 1 || !inAlphabet(first17)) {
            throw new IllegalArgumentException(
                    "expected 17 characters of 0-9 A-H J-N P-R T-U W-Y, got " + quote(first17));
        }
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            sum += ALPHABET.indexOf(first17.charAt(i)) * WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return ALPHABET.charAt(check == 31 ? 0 : check);
    }

    /**
     * What is wrong with a code (null included), as a {@link ViolationCode} ({@code BAD_FORMAT} or
     * {@code BAD_CHECK_DIGIT}) and a message, or null when it is valid.
     */
    static Problem problem(String code) {
        if (code == null || code.length() != LENGTH || !inAlphabet(code)) {
            return new Problem(
                    ViolationCode.BAD_FORMAT,
                    "expected a unified social credit code: 18 characters of 0-9 A-H J-N P-R T-U W-Y"
                            + " (upper case, no I O S V Z), got " + quote(code));
        }
        char expected = checkDigit(code.substring(0, LENGTH - 1));
        if (code.charAt(LENGTH - 1) != expected) {
            return new Problem(
                    ViolationCode.BAD_CHECK_DIGIT,
                    "unified social credit code " + code + " ends in '" + code.charAt(LENGTH - 1)
                            + "' but its GB 32100 check character is '" + expected + "'");
        }
        return null;
    }

    private static boolean inAlphabet(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 40 ? "\"" + s + "\"" : "\"" + s.substring(0, 37) + "...\" (" + s.length() + " chars)";
    }
}
