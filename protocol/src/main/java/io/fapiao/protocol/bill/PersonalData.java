package io.fapiao.protocol.bill;

/**
 * How a violation message may show a person's identifiers: never whole. An error travels further than
 * the bill (logs, HIS screens, support tickets), so a resident id or passport number is shown by its
 * first two and last two characters, enough for the person who sent it to recognise it.
 *
 * <pre>{@code
 * PersonalData.masked("11010519491231002X")   // "11**************2X"
 * }</pre>
 */
final class PersonalData {
    /** Longer input is cut here: a masked value is for recognising, not reading. */
    private static final int SHOWN_MAX = 24;

    private PersonalData() {}

    /** {@code value} with all but its first two and last two characters starred; short values fully starred. */
    static String masked(String value) {
        if (value == null) {
            return "null";
        }
        int length = value.codePointCount(0, value.length());
        if (length <= 6) {
            return "*".repeat(length);
        }
        int[] points = value.codePoints().toArray();
        StringBuilder shown = new StringBuilder().appendCodePoint(points[0]).appendCodePoint(points[1]);
        shown.append("*".repeat(Math.min(length - 4, SHOWN_MAX - 4)));
        shown.appendCodePoint(points[length - 2]).appendCodePoint(points[length - 1]);
        return length > SHOWN_MAX ? shown + " (" + length + " chars)" : shown.toString();
    }
}
