/**
 * Invoice numbers: ranges reserved on the ledger ahead of need ({@link io.fapiao.issuer.numbering.RangeReservation}),
 * numbers taken one per subject in a database transaction ({@link io.fapiao.issuer.numbering.Numbering}), never
 * used twice and never re-used once void, and their check codes ({@link io.fapiao.issuer.numbering.CheckCodes}).
 *
 * <pre>{@code
 * TakenNumber taken = numbering.take(NumberPurpose.BLUE, billKey.toString());   // the same one on every retry
 * }</pre>
 */
package io.fapiao.issuer.numbering;
