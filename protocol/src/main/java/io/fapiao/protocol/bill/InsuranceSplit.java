package io.fapiao.protocol.bill;

/**
 * How a medical bill's total was settled (医保结算): by the medical-insurance pooled fund, from the
 * payer's personal insurance account, and in cash (or card) by the payer. All amounts in fen; each
 * between 0 and {@link Bill#MAX_AMOUNT_FEN}; together exactly the bill's total, else
 * {@link ViolationCode#INSURANCE_MISMATCH} at {@code insurance}. A self-paying patient has only a
 * cash part.
 *
 * <pre>{@code
 * // a 1 234.56 yuan bill: 800 yuan from the fund, 100 from the account, the rest in cash
 * new InsuranceSplit(80_000, 10_000, 33_456);
 * }</pre>
 *
 * @param fundPaid        paid by the pooled medical-insurance fund (统筹基金支付)
 * @param personalAccount paid from the personal insurance account (个人账户支付)
 * @param personalCash    paid by the payer in cash or by card (个人现金支付)
 */
public record InsuranceSplit(
        @StrictScalars.Fen long fundPaid,
        @StrictScalars.Fen long personalAccount,
        @StrictScalars.Fen long personalCash) {
    /** A bill paid entirely by the payer. */
    public static InsuranceSplit selfPaid(long total) {
        return new InsuranceSplit(0, 0, total);
    }
}
