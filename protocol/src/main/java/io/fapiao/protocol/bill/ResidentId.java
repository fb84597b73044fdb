package io.fapiao.protocol.bill;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The 18-character citizen identity number (公民身份号码) of GB 11643-1999 carried on a resident
 * identity card: a 6-digit region code, an 8-digit birth date {@code yyyyMMdd}, a 3-digit sequence
 * number and a check character.
 *
 * <p>The check character is ISO 7064 MOD 11-2: weight digit <i>i</i> (from 0) by
 * 2<sup>17−<i>i</i></sup> mod 11 (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), sum, and
 * take (12 − sum mod 11) mod 11, written {@code X} when it is 10. Every single-digit change is
 * detected.
 *
 * <p>The birth date must be a real calendar date no earlier than {@value #EARLIEST_BIRTH_YEAR}-01-01.
 * There is deliberately no upper bound here, since validation must give the same answer on every
 * peer on every day; a {@link Bill} additionally refuses a payer born after the bill's issue date.
 * The region code is not looked up. A lower-case {@code x} is refused: the number is hashed as
 * written, so only one spelling is accepted.
 *
 * <pre>{@code
 * ResidentId.isValid("11010519491231002X");      // true
 * ResidentId.checkDigit("11010519491231002");    // 'X'
 * ResidentId.birthDate("11010519491231002X");    // Optional[1949-12-31]
 * }</pre>
 */
public final class ResidentId {
    /** The length of a number, check character included. */
    public static final int LENGTH = 18;
    /** The earliest birth year accepted. */
    public static final int EARLIEST_BIRTH_YEAR = 1800;

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    private ResidentId() {}

    /** Whether {@code number} is a well-formed resident id with a real birth date and the right check character; false for null. */
    public static boolean isValid(String number) {
        return problem(number) == null;
    }

    /**
     * The check character ({@code 0}–{@code 9} or {@code X}) for the first 17 digits of a number.
     *
     * @throws IllegalArgumentException if {@code first17} is not 17 ASCII digits
     */
    public static char checkDigit(String first17) {
        if (first17 == null || first17.length() != LENGTH - 1 || !digits(first17)) {
            throw new IllegalArgumentException("expected 17 digits, got " + Uscc.quote(first17));
        }
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        int check = (12 - sum % 11) % 11;
        return check == 10 ? 'X' : (char) ('0' + check);
    }

    /** The birth date embedded in a well-formed number, or empty when the number is malformed or the date impossible. */
    public static Optional<LocalDate> birthDate(String number) {
        if (number == null || number.length() != LENGTH || !digits(number.substring(0, LENGTH - 1))) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.of(
                    Integer.parseInt(number.substring(6, 10)),
                    Integer.parseInt(number.substring(10, 12)),
                    Integer.parseInt(number.substring(12, 14)));
            return date.getYear() < EARLIEST_BIRTH_YEAR ? Optional.empty() : Optional.of(date);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What is wrong with a number, as a {@link ViolationCode} ({@code BAD_FORMAT} or
     * {@code BAD_CHECK_DIGIT}) and a message, or null when it is valid.
     */
    static Problem problem(String number) {
        if (number == null || number.length() != LENGTH || !digits(number.substring(0, LENGTH - 1))) {
            return new Problem(
                    ViolationCode.BAD_FORMAT,
                    "expected a resident id number: 17 digits then a digit or upper-case X, got "
                            + PersonalData.masked(number));
        }
        char last = number.charAt(LENGTH - 1);
        if (!(last >= '0' && last <= '9' || last == 'X')) {
            return new Problem(
                    ViolationCode.BAD_FORMAT,
                    "a resident id number ends in a digit or upper-case X, got '" + last + "'");
        }
        if (birthDate(number).isEmpty()) {
            return new Problem(
                    ViolationCode.BAD_FORMAT,
                    "resident id number " + PersonalData.masked(number) + " does not embed a real birth date "
                            + "(characters 7 to 14, yyyyMMdd, year " + EARLIEST_BIRTH_YEAR + " or later)");
        }
        char expected = checkDigit(number.substring(0, LENGTH - 1));
        if (last != expected) {
            return new Problem(
                    ViolationCode.BAD_CHECK_DIGIT,
                    "resident id number " + PersonalData.masked(number)
                            + " does not end in its GB 11643 check character ('" + expected + "')");
        }
        return null;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
