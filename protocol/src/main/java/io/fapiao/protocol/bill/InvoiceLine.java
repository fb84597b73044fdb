package io.fapiao.protocol.bill;

import java.util.List;

/**
 * One line of a VAT invoice request (发票明细行). Amounts exclude tax.
 *
 * <p>Rules (paths {@code lines[i].*}): {@code name} required, at most 100 characters;
 * {@code quantity} a plain decimal string greater than 0 and {@code unitPrice} (yuan, excluding
 * tax) one of at least 0, both with at most 12 integer digits and 6 decimals; {@code taxRate}
 * exactly one of {@link #TAX_RATES}; {@code amount} is round-half-up(quantity × unitPrice × 100)
 * fen and {@code tax} is round-half-up(amount × taxRate) fen, both between 0 and
 * {@link Bill#MAX_AMOUNT_FEN}.
 *
 * <pre>{@code
 * // 2 laptops at 5 309.734513 yuan each before tax, 13 % VAT
 * new InvoiceLine("*计算机*笔记本电脑", "2", "5309.734513", "0.13", 1_061_947, 138_053);
 * }</pre>
 *
 * @param name      the goods or service, conventionally prefixed by its tax category in asterisks
 * @param quantity  how many units, a decimal string
 * @param unitPrice the price of one unit in yuan excluding tax, a decimal string
 * @param taxRate   the VAT rate as a decimal string, one of {@link #TAX_RATES}
 * @param amount    quantity × unit price in fen, excluding tax
 * @param tax       the VAT on {@code amount}, in fen
 */
public record InvoiceLine(
        @StrictScalars.Text String name,
        @StrictScalars.Text String quantity,
        @StrictScalars.Text String unitPrice,
        @StrictScalars.Text String taxRate,
        @StrictScalars.Fen long amount,
        @StrictScalars.Fen long tax) {
    /**
     * The VAT rates a line may carry, spelt exactly so: 0 (zero-rated), 1 % and 3 % (small-scale
     * taxpayers), 5 %, 6 % (services), 9 % and 13 %. Another spelling of the same number, such as
     * {@code "0.130"}, is refused because the string itself is hashed.
     */
    public static final List<String> TAX_RATES = List.of("0", "0.01", "0.03", "0.05", "0.06", "0.09", "0.13");
}
