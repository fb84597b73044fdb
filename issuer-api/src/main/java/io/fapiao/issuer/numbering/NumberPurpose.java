package io.fapiao.issuer.numbering;

/**
 * What an invoice number is taken for, and so what its subject names.
 *
 * <pre>{@code
 * numbering.take(NumberPurpose.BLUE, billKey.toString());      // an invoice for a bill
 * numbering.take(NumberPurpose.RED, "44010126-0000000042");     // the reversal of that invoice
 * }</pre>
 */
public enum NumberPurpose {
    /** An invoice for a verified bill; the subject is the bill key. */
    BLUE,
    /** A red-letter invoice reversing a blue one; the subject is the blue invoice's number. */
    RED
}
