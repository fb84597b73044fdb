package io.fapiao.protocol.ledger;

/**
 * Invoice numbers of one series (or bill-code prefix) and year reserved by one issuer: {@code start}
 * to {@code end} inclusive. Ranges of a series and year never overlap. The range's form (MoF bill
 * code or old series) is the form of its {@code first} number; it contains only numbers of that form.
 *
 * <pre>{@code
 * boolean mine = range.contains(number) && range.mspId().equals(caller.mspId());
 * }</pre>
 *
 * @param issuerId the issuer's id as given to ReserveNumberRange
 * @param series   the 6-digit bill-code prefix (MoF form) or the series (series form)
 * @param year     the year
 * @param start    the first sequence number
 * @param end      the last sequence number
 * @param first    the first invoice number, formatted
 * @param last     the last invoice number, formatted
 * @param mspId    the MSP of the reserving issuer: only its issuers may use the numbers
 * @param written  who reserved it and when
 */
public record NumberRange(
        String issuerId,
        String series,
        int year,
        long start,
        long end,
        String first,
        String last,
        String mspId,
        Provenance written) {

    public boolean contains(InvoiceNumber number) {
        return number.form() == numberForm()
                && number.series().equals(series)
                && number.year() == year
                && number.sequence() >= start
                && number.sequence() <= end;
    }

    /** The form of the range's numbers, read from its first number. */
    public InvoiceNumber.Form numberForm() {
        return InvoiceNumber.parse("first", first).form();
    }

    public boolean overlaps(long otherStart, long otherEnd) {
        return otherStart <= end && start <= otherEnd;
    }
}
