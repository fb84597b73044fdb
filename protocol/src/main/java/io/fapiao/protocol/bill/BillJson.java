package io.fapiao.protocol.bill;

import io.fapiao.protocol.json.CanonicalWriter;

/**
 * The canonical JSON (RFC 8785) of a {@link Bill}, written member by member in JCS order instead of
 * through a Jackson tree, because it is on the path of every seal. Absent (null) fields are omitted,
 * as {@link io.fapiao.protocol.json.CanonicalJson#encode} omits them; that general path is the
 * reference this writer is property-tested against.
 *
 * <pre>{@code
 * byte[] canonical = bill.toCanonicalJson();   // = CanonicalJson.encode(bill)
 * }</pre>
 */
final class BillJson {
    private BillJson() {}

    static byte[] encode(Bill bill) {
        int items = bill.items() == null ? 0 : bill.items().size();
        CanonicalWriter out = new CanonicalWriter(512 + 200 * items);
        out.beginObject()
                .member("billCode", bill.billCode())
                .member("billId", bill.billId());
        InsuranceSplit insurance = bill.insurance();
        if (insurance != null) {
            out.name("insurance").beginObject()
                    .member("fundPaid", insurance.fundPaid())
                    .member("personalAccount", insurance.personalAccount())
                    .member("personalCash", insurance.personalCash())
                    .endObject();
        }
        out.member("issuedAt", bill.issuedAt())
                .member("issuerId", bill.issuerId())
                .member("issuerName", bill.issuerName());
        if (bill.items() != null) {
            out.name("items").beginArray();
            for (BillItem item : bill.items()) {
                out.beginObject()
                        .member("amount", item.amount())
                        .member("category", item.category())
                        .member("code", item.code())
                        .member("name", item.name())
                        .member("quantity", item.quantity())
                        .member("unitPrice", item.unitPrice())
                        .endObject();
            }
            out.endArray();
        }
        out.member("payeeClerk", bill.payeeClerk());
        Payer payer = bill.payer();
        if (payer != null) {
            out.name("payer").beginObject()
                    .member("idNumber", payer.idNumber())
                    .member("idType", payer.idType())
                    .member("name", payer.name())
                    .endObject();
        }
        return out.member("remarks", bill.remarks())
                .member("total", bill.total())
                .endObject()
                .toByteArray();
    }
}
