package io.fapiao.protocol.bill;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;

/** The rules of an {@link InvoiceRequest}; see its documentation for the table of fields, limits and codes. */
final class InvoiceRequestRules {
    static final int REQUEST_ID_MAX = 64;
    static final int PARTY_NAME_MAX = 100;
    static final int LINE_NAME_MAX = 100;
    static final int REMARKS_MAX = 500;

    private InvoiceRequestRules() {}

    static List<Violation> check(InvoiceRequest request) {
        Rules r = new Rules();
        r.identifier("requestId", request.requestId(), REQUEST_ID_MAX, "request id");
        party(r, "seller", request.seller(), true);
        party(r, "buyer", request.buyer(), false);
        r.timestamp("issuedAt", request.issuedAt());
        ExactSum[] sums = lines(r, request.lines());
        r.amount("totalAmount", request.totalAmount(), "total amount");
        r.amount("totalTax", request.totalTax(), "total tax");
        r.amount("totalWithTax", request.totalWithTax(), "total with tax");
        if (sums != null) {
            int n = request.lines().size();
            r.total("totalAmount", request.totalAmount(), sums[0], "sum of the " + n + " line amounts");
            r.total("totalTax", request.totalTax(), sums[1], "sum of the " + n + " line taxes");
        }
        ExactSum withTax = new ExactSum();
        withTax.add(request.totalAmount());
        withTax.add(request.totalTax());
        r.total(
                "totalWithTax",
                request.totalWithTax(),
                withTax,
                "totalAmount " + request.totalAmount() + " + totalTax " + request.totalTax());
        r.optionalText("remarks", request.remarks(), REMARKS_MAX, true, "remarks");
        return r.result();
    }

    private static void party(Rules r, String path, InvoiceParty party, boolean usccRequired) {
        if (!r.present(path, party, path)) {
            return;
        }
        r.text(path + ".name", party.name(), PARTY_NAME_MAX, path + " name");
        r.uscc(path + ".uscc", party.uscc(), usccRequired, path + " unified social credit code");
    }

    /** Checks every line; returns the exact sums of amounts and taxes, or null if there are no lines. */
    private static ExactSum[] lines(Rules r, List<InvoiceLine> lines) {
        if (!r.lines("lines", lines, "lines")) {
            return null;
        }
        ExactSum amounts = new ExactSum();
        ExactSum taxes = new ExactSum();
        for (int i = 0; i < lines.size(); i++) {
            InvoiceLine line = lines.get(i);
            r.within("lines", i);
            if (!r.present("", line, "line")) {
                continue;
            }
            r.text("name", line.name(), LINE_NAME_MAX, "line name");
            long quantity = r.quantity("quantity", line.quantity());
            long price = r.price("unitPrice", line.unitPrice());
            BigDecimal rate = null;
            if (line.taxRate() == null || line.taxRate().isBlank()) {
                r.add("taxRate", ViolationCode.REQUIRED, "tax rate is required: one of " + InvoiceLine.TAX_RATES);
            } else if (!InvoiceLine.TAX_RATES.contains(line.taxRate())) {
                r.add(
                        "taxRate",
                        ViolationCode.UNKNOWN_TAX_RATE,
                        "tax rate " + Uscc.quote(line.taxRate()) + " is not one of " + InvoiceLine.TAX_RATES
                                + " (spelt exactly so)");
            } else {
                rate = new BigDecimal(line.taxRate());
            }
            r.amount("amount", line.amount(), "line amount");
            if (quantity != Rules.NO_DECIMAL && price != Rules.NO_DECIMAL) {
                r.lineAmount("amount", line.amount(), quantity, line.quantity(), price, line.unitPrice());
            }
            r.amount("tax", line.tax(), "line tax");
            if (rate != null) {
                BigInteger expected = tax(line.amount(), rate);
                if (!expected.equals(BigInteger.valueOf(line.tax()))) {
                    r.add(
                            "tax",
                            ViolationCode.TAX_MISMATCH,
                            "tax " + line.tax() + " fen ≠ amount "
                                    + line.amount() + " fen × tax rate " + line.taxRate() + " = " + expected
                                    + " fen (rounded half up)");
                }
            }
            amounts.add(line.amount());
            taxes.add(line.tax());
        }
        r.top();
        return new ExactSum[] {amounts, taxes};
    }

    /** The VAT on {@code amount} fen at {@code rate}: round-half-up(amount × rate) fen. */
    static BigInteger tax(long amount, BigDecimal rate) {
        return BigDecimal.valueOf(amount)
                .multiply(rate)
                .setScale(0, RoundingMode.HALF_UP)
                .toBigIntegerExact();
    }
}
