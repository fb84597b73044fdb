/**
 * Invoice numbers: ranges reserved on the ledger ahead of need ({@link io.fapiao.issuer.numbering.RangeReservation}),
 * numbers taken one per subject in a database transaction ({@link io.fapiao.issuer.numbering.Numbering}), never
 * used twice and never re-used once void, their check codes ({@link io.fapiao.issuer.numbering.CheckCodes}), and
 * the report of a month's or year's numbers with their void ones and gaps
 * ({@link io.fapiao.issuer.numbering.NumberReports}, {@code GET /v1/numbering/report}).
 *
 * <h2>The number</h2>
 *
 * New invoices are numbered in the Ministry of Finance's e-bill (财政电子票据) form: an 8-digit bill code
 * (票据代码) and a 10-digit number (票据号码) within it, printed apart and written as one string
 * {@code 44010126-0000000042} in ledger keys, URLs and JSON ({@link io.fapiao.protocol.ledger.InvoiceNumber}). The
 * bill code is the issuer's 6-digit prefix ({@code fapiao.issuer.numbering.bill-code-prefix}: region, bill class,
 * bill type) and the year's last two digits, so each year is a new code whose numbers start at 1. Invoices numbered
 * before keep the old form {@code FP01-2026-00000042}; an issuer configured with {@code series} still numbers in it
 * ({@link io.fapiao.issuer.numbering.NumberingProperties}). {@code docs/api.md#numbering} gives the source of the
 * format and what was chosen where the sources say nothing.
 *
 * <h2>Why the check code stays 20 digits, not the MoF's 6 characters</h2>
 *
 * A MoF e-bill prints its 校验码 as 6 letters or digits (at most 36^6 ≈ 2.2·10^9 values, 31 bits). There it is one
 * of several things the national verification platform asks for: most provinces also want the date and the amount,
 * and checks of one bill are limited per day. {@code GET /v1/verify} asks for code, number and check code only, so
 * the check code alone must resist guessing. Numbers are sequential, so a guesser knows which exist, and each request
 * tests one (number, code) pair: spraying guesses over many numbers succeeds about once per (code space / issued
 * invoices) requests. At the default limit of 60 a minute per address ({@code VerificationLimits}), a thousand
 * addresses make about 3·10^10 requests a year; with 10^6 invoices issued, 6 characters give some 10^7 hits a year
 * (a hit every few seconds), 20 digits (10^20, 66 bits) about 3·10^-4. A hit is a number and code that the public
 * verification calls valid, which is what a forger prints on a fake document. So the code stays 20 digits, printed
 * in five groups of four, and {@code /v1/verify} takes it with or without the spaces. One length also keeps one form:
 * the codes of invoices already issued are 20 digits, and their digests on the ledger cannot change. The cost is that
 * the code does not look like a MoF code; software that expects exactly 6 characters will not take it.
 *
 * <pre>{@code
 * TakenNumber taken = numbering.take(NumberPurpose.BLUE, billKey.toString());   // the same one on every retry
 * taken.number().billCode();   // "44010126"   (票据代码)
 * taken.number().serial();     // "0000000042" (票据号码)
 * }</pre>
 */
package io.fapiao.issuer.numbering;
