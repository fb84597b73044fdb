package io.fapiao.protocol.bill;

/**
 * The seller (销售方) or buyer (购买方) of a VAT invoice request.
 *
 * <p>Rules (paths {@code seller.*} and {@code buyer.*}): {@code name} required, at most 100
 * characters; {@code uscc} a valid {@link Uscc}, required for the seller, optional for the buyer
 * (an individual has none) but checked when present.
 *
 * <pre>{@code
 * InvoiceParty seller = new InvoiceParty("杭州云帆科技有限公司", "91330106MA2H2L7X9W");
 * InvoiceParty person = new InvoiceParty("王芳", null);
 * }</pre>
 *
 * @param name  the registered name of a company, or a person's name
 * @param uscc  the unified social credit code, or null for a buyer who has none
 */
public record InvoiceParty(
        @StrictScalars.Text String name, @StrictScalars.Text String uscc) {}
