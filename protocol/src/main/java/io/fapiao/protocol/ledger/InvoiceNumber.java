package io.fapiao.protocol.ledger;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An official invoice number, in one of two forms.
 *
 * <p><b>{@link Form#BILL_CODE}</b>, for new invoices: the Ministry of Finance's e-bill (财政电子票据) form,
 * an 8-digit bill code (票据代码) and a 10-digit sequence number (票据号码) within that code. The bill
 * code is a 6-digit prefix assigned to the issuer (digits 1-2 the supervising region, 3-4 the bill
 * class, 5-6 the bill type) followed by the last two digits of the year, so every year has a new code
 * and its numbers start again at 1. Printed, the two parts stand apart ({@link #billCode()},
 * {@link #serial()}); as one string (ledger keys, URLs, JSON) they are joined by a hyphen:
 * {@code 44010126-0000000042}.
 *
 * <p><b>{@link Form#SERIES}</b>, the form before the MoF form: {@code <series>-<year>-<8 digits>}, the
 * series 1 to 12 upper-case letters or digits, e.g. {@code HN01-2026-00000042}. Invoices already on a
 * ledger keep it: it still parses, so they are read, verified, listed and reversed as before, and an
 * issuer still configured with a series takes numbers in it.
 *
 * <p>The two string forms cannot be confused: the MoF form has one hyphen, the series form two.
 * Internally both are (series, year, sequence), where a MoF number's series is its 6-digit prefix:
 * the ledger reserves ranges per (series, year) in either form.
 *
 * <pre>{@code
 * InvoiceNumber number = InvoiceNumber.parse("invoiceNumber", "44010126-0000000042");
 * number.billCode();   // "44010126", printed as 票据代码
 * number.serial();     // "0000000042", printed as 票据号码
 * InvoiceNumber.parsePrinted("number", "4401 0126", "00000 00042").equals(number);   // true
 * InvoiceNumber old = InvoiceNumber.parse("invoiceNumber", "HN01-2026-00000042");     // Form.SERIES
 * }</pre>
 *
 * @param form     which form
 * @param series   the 6-digit bill-code prefix ({@link Form#BILL_CODE}) or the series ({@link Form#SERIES})
 * @param year     the year, 2000 to 2099
 * @param sequence the sequence number, 1 to {@link Form#maxSequence()}
 */
public record InvoiceNumber(Form form, String series, int year, long sequence) {
    /** The form of an old series: 1 to 12 upper-case letters or digits. */
    public static final Pattern SERIES = Pattern.compile("[A-Z0-9]{1,12}");
    /** The form of a bill-code prefix: region (2 digits), bill class (2), bill type (2). */
    public static final Pattern BILL_CODE_PREFIX = Pattern.compile("[0-9]{6}");
    /** The form of a bill code: the 6-digit prefix and the year's last two digits. */
    public static final Pattern BILL_CODE = Pattern.compile("[0-9]{8}");

    private static final Pattern MOF_FORM = Pattern.compile("([0-9]{6})([0-9]{2})-([0-9]{10})");
    private static final Pattern SERIES_FORM = Pattern.compile("([A-Z0-9]{1,12})-(20[0-9]{2})-([0-9]{8})");
    private static final Pattern SERIAL = Pattern.compile("[0-9]{10}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String FORMS = "an invoice number of the form <8-digit bill code>-<10-digit number from "
            + "0000000001>, e.g. 44010126-0000000042, or, for invoices numbered before the MoF form, "
            + "<series>-<year>-<8-digit sequence from 00000001>, e.g. HN01-2026-00000042";

    /** The two forms of an invoice number, and how far each one's sequence goes. */
    public enum Form {
        /** {@code 44010126-0000000042}: bill code and 10-digit number, the MoF e-bill form. */
        BILL_CODE(9_999_999_999L),
        /** {@code HN01-2026-00000042}: series, year and 8-digit sequence, the form before the MoF form. */
        SERIES(99_999_999L);

        private final long maxSequence;

        Form(long maxSequence) {
            this.maxSequence = maxSequence;
        }

        /** The largest sequence number of one series (or bill-code prefix) and year. */
        public long maxSequence() {
            return maxSequence;
        }
    }

    public InvoiceNumber {
        Objects.requireNonNull(form, "form");
        Pattern seriesForm = form == Form.BILL_CODE ? BILL_CODE_PREFIX : SERIES;
        if (series == null || !seriesForm.matcher(series).matches()) {
            throw new IllegalArgumentException((form == Form.BILL_CODE ? "bill-code prefix '" : "series '") + series
                    + "' must be " + (form == Form.BILL_CODE ? "6 digits" : "1 to 12 upper-case letters or digits"));
        }
        if (year < 2000 || year > 2099) {
            throw new IllegalArgumentException("year " + year + " is not from 2000 to 2099");
        }
        if (sequence < 1 || sequence > form.maxSequence()) {
            throw new IllegalArgumentException(
                    "sequence " + sequence + " is not from 1 to " + form.maxSequence() + " (" + form + " form)");
        }
    }

    /** A number in the MoF form: {@code prefix} (6 digits), the year, and the sequence within that bill code. */
    public static InvoiceNumber ofBillCode(String prefix, int year, long sequence) {
        return new InvoiceNumber(Form.BILL_CODE, prefix, year, sequence);
    }

    /** A number in the series form, for invoices and ranges of an issuer still configured with a series. */
    public static InvoiceNumber ofSeries(String series, int year, long sequence) {
        return new InvoiceNumber(Form.SERIES, series, year, sequence);
    }

    /**
     * The number {@code text} in either form; {@code name} says which argument it was, for the message.
     *
     * @throws IllegalArgumentException when {@code text} is of neither form, with a message saying so
     *     (the contract reports it as MALFORMED)
     */
    public static InvoiceNumber parse(String name, String text) {
        if (text != null) {
            Matcher mof = MOF_FORM.matcher(text);
            if (mof.matches() && Long.parseLong(mof.group(3)) > 0) {
                return ofBillCode(mof.group(1), 2000 + Integer.parseInt(mof.group(2)), Long.parseLong(mof.group(3)));
            }
            Matcher old = SERIES_FORM.matcher(text);
            if (old.matches() && Long.parseLong(old.group(3)) > 0) {
                return ofSeries(old.group(1), Integer.parseInt(old.group(2)), Long.parseLong(old.group(3)));
            }
        }
        throw new IllegalArgumentException(name + " '" + text + "' is not " + FORMS);
    }

    /**
     * The MoF-form number printed as bill code and number, each perhaps with spaces (as a reader copies
     * them from a document that groups the digits).
     *
     * @throws IllegalArgumentException when the code is not 8 digits or the number not 10 digits from 1
     */
    public static InvoiceNumber parsePrinted(String name, String billCode, String serial) {
        String code = billCode == null ? "" : WHITESPACE.matcher(billCode).replaceAll("");
        String number = serial == null ? "" : WHITESPACE.matcher(serial).replaceAll("");
        if (!BILL_CODE.matcher(code).matches() || !SERIAL.matcher(number).matches() || Long.parseLong(number) == 0) {
            throw new IllegalArgumentException(name + " '" + billCode + "' '" + serial + "' is not an 8-digit bill "
                    + "code (票据代码) and a 10-digit number (票据号码) from 0000000001");
        }
        return parse(name, code + "-" + number);
    }

    /**
     * The bill code as printed (票据代码): 8 digits in the MoF form ({@code 44010126}); in the series form
     * the series and year ({@code HN01-2026}), which is what identified the number's sequence there.
     */
    public String billCode() {
        return form == Form.BILL_CODE ? String.format("%s%02d", series, year % 100) : series + "-" + year;
    }

    /** The number within the bill code as printed (票据号码): 10 digits in the MoF form, 8 in the series form. */
    public String serial() {
        return form == Form.BILL_CODE ? String.format("%010d", sequence) : String.format("%08d", sequence);
    }

    /** The number of the same form, series (or prefix) and year with another sequence. */
    public InvoiceNumber withSequence(long otherSequence) {
        return new InvoiceNumber(form, series, year, otherSequence);
    }

    /** The one string form: {@code 44010126-0000000042} or, in the series form, {@code HN01-2026-00000042}. */
    @Override
    public String toString() {
        return billCode() + "-" + serial();
    }
}
