package io.fapiao.issuer.numbering;

import io.fapiao.protocol.ledger.InvoiceNumber;
import java.time.Instant;

/**
 * An invoice number promised to one subject, with its check code and the moment it was taken (the
 * invoice's issue time, so a retry renders the same document).
 *
 * <pre>{@code
 * TakenNumber taken = numbering.take(NumberPurpose.BLUE, billKey.toString());
 * String text = taken.invoiceNumber();   // e.g. 44010126-0000000042
 * }</pre>
 *
 * @param number    the number
 * @param checkCode 20 decimal digits for a blue invoice, null for a red one
 * @param purpose   what it is for
 * @param subject   the bill key (BLUE) or the reversed invoice's number (RED)
 * @param state     TAKEN, USED or VOID
 * @param takenAt   when it was taken, whole seconds
 */
public record TakenNumber(
        InvoiceNumber number,
        String checkCode,
        NumberPurpose purpose,
        String subject,
        NumberState state,
        Instant takenAt) {

    /** The number as one string, e.g. {@code 44010126-0000000042}; {@code number().billCode()} and {@code .serial()} print apart. */
    public String invoiceNumber() {
        return number.toString();
    }
}
