package io.fapiao.protocol.bill;

/**
 * One charge line of a medical e-bill (收费项目).
 *
 * <p>Rules (checked by {@link Bill#violations()}, paths {@code items[i].*}): {@code code} required,
 * 1–50 characters of {@code [A-Za-z0-9._-]}; {@code name} required, at most 100 characters;
 * {@code category} one of {@link ItemCategory}; {@code quantity} a plain decimal string greater
 * than 0; {@code unitPrice} a plain decimal string in yuan of at least 0 (both with at most 12
 * integer digits and 6 decimals, no sign, exponent or leading zeros); {@code amount} in fen,
 * between 0 and {@link Bill#MAX_AMOUNT_FEN}, and exactly round-half-up(quantity × unitPrice × 100).
 *
 * <pre>{@code
 * // 2 boxes of amoxicillin at 12.50 yuan: 2500 fen
 * new BillItem("XJ01CAA040A001010100001", "阿莫西林胶囊", "WESTERN_MEDICINE", "2", "12.50", 2500);
 * }</pre>
 *
 * @param code      the charge code, for example a national medical-insurance item code
 * @param name      the charge name as printed
 * @param category  an {@link ItemCategory} name
 * @param quantity  how many units, a decimal string such as {@code "2"} or {@code "0.5"}
 * @param unitPrice the price of one unit in yuan, a decimal string such as {@code "12.50"}
 * @param amount    quantity × unit price in fen, rounded half up
 */
public record BillItem(
        @StrictScalars.Text String code,
        @StrictScalars.Text String name,
        @StrictScalars.Text String category,
        @StrictScalars.Text String quantity,
        @StrictScalars.Text String unitPrice,
        @StrictScalars.Fen long amount) {}
