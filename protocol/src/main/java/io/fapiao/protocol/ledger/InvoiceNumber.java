package io.fapiao.protocol.ledger;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An official invoice number: {@code <series>-<year>-<sequence>}, the series 1 to 12 upper-case letters
 * or digits, the year four digits, the sequence eight digits, e.g. {@code HN01-2026-00000042}.
 *
 * <pre>{@code
 * InvoiceNumber number = InvoiceNumber.parse("invoiceNumber", "HN01-2026-00000042");   // series HN01, year 2026, sequence 42
 * }</pre>
 */
public record InvoiceNumber(String series, int year, long sequence) {
    /** The largest sequence number of a series and year. */
    public static final long MAX_SEQUENCE = 99_999_999L;
    /** The form of a series: 1 to 12 upper-case letters or digits. */
    public static final Pattern SERIES = Pattern.compile("[A-Z0-9]{1,12}");

    private static final Pattern FORM = Pattern.compile("([A-Z0-9]{1,12})-(20[0-9]{2})-([0-9]{8})");

    /**
     * The number {@code text}; {@code name} says which argument it was, for the message.
     *
     * @throws IllegalArgumentException when {@code text} is not of the form, with a message saying so
     *     (the contract reports it as MALFORMED)
     */
    public static InvoiceNumber parse(String name, String text) {
        Matcher matcher = text == null ? null : FORM.matcher(text);
        if (matcher == null || !matcher.matches() || Long.parseLong(matcher.group(3)) == 0) {
            throw new IllegalArgumentException(name + " '" + text + "' is not of the form "
                    + "<series>-<year>-<8-digit sequence from 00000001>, e.g. HN01-2026-00000042");
        }
        return new InvoiceNumber(
                matcher.group(1), Integer.parseInt(matcher.group(2)), Long.parseLong(matcher.group(3)));
    }

    @Override
    public String toString() {
        return String.format("%s-%04d-%08d", series, year, sequence);
    }
}
