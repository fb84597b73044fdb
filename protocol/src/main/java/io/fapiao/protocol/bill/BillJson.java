package io.fapiao.protocol.bill;

import io.fapiao.protocol.json.CanonicalWriter;
import io.fapiao.protocol.json.MemberName;

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
    // Member names, encoded once; CanonicalBillReader asks for the same ones in the same (JCS) order.
    static final MemberName AMOUNT = MemberName.of("amount");
    static final MemberName BILL_CODE = MemberName.of("billCode");
    static final MemberName BILL_ID = MemberName.of("billId");
    static final MemberName CATEGORY = MemberName.of("category");
    static final MemberName CODE = MemberName.of("code");
    static final MemberName FUND_PAID = MemberName.of("fundPaid");
    static final MemberName ID_NUMBER = MemberName.of("idNumber");
    static final MemberName ID_TYPE = MemberName.of("idType");
    static final MemberName INSURANCE = MemberName.of("insurance");
    static final MemberName ISSUED_AT = MemberName.of("issuedAt");
    static final MemberName ISSUER_ID = MemberName.of("issuerId");
    static final MemberName ISSUER_NAME = MemberName.of("issuerName");
    static final MemberName ITEMS = MemberName.of("items");
    static final MemberName NAME = MemberName.of("name");
    static final MemberName PAYEE_CLERK = MemberName.of("payeeClerk");
    static final MemberName PAYER = MemberName.of("payer");
    static final MemberName PERSONAL_ACCOUNT = MemberName.of("personalAccount");
    static final MemberName PERSONAL_CASH = MemberName.of("personalCash");
    static final MemberName QUANTITY = MemberName.of("quantity");
    static final MemberName REMARKS = MemberName.of("remarks");
    static final MemberName TOTAL = MemberName.of("total");
    static final MemberName UNIT_PRICE = MemberName.of("unitPrice");

    private BillJson() {}

    static byte[] encode(Bill bill) {
        int items = bill.items() == null ? 0 : bill.items().size();
        CanonicalWriter out = new CanonicalWriter(512 + 200 * items);
        out.beginObject().member(BILL_CODE, bill.billCode()).member(BILL_ID, bill.billId());
        InsuranceSplit insurance = bill.insurance();
        if (insurance != null) {
            out.name(INSURANCE)
                    .beginObject()
                    .member(FUND_PAID, insurance.fundPaid())
                    .member(PERSONAL_ACCOUNT, insurance.personalAccount())
                    .member(PERSONAL_CASH, insurance.personalCash())
                    .endObject();
        }
        out.member(ISSUED_AT, bill.issuedAt())
                .member(ISSUER_ID, bill.issuerId())
                .member(ISSUER_NAME, bill.issuerName());
        if (bill.items() != null) {
            out.name(ITEMS).beginArray();
            for (BillItem item : bill.items()) {
                out.beginObject()
                        .member(AMOUNT, item.amount())
                        .member(CATEGORY, item.category())
                        .member(CODE, item.code())
                        .member(NAME, item.name())
                        .member(QUANTITY, item.quantity())
                        .member(UNIT_PRICE, item.unitPrice())
                        .endObject();
            }
            out.endArray();
        }
        out.member(PAYEE_CLERK, bill.payeeClerk());
        Payer payer = bill.payer();
        if (payer != null) {
            out.name(PAYER)
                    .beginObject()
                    .member(ID_NUMBER, payer.idNumber())
                    .member(ID_TYPE, payer.idType())
                    .member(NAME, payer.name())
                    .endObject();
        }
        return out.member(REMARKS, bill.remarks())
                .member(TOTAL, bill.total())
                .endObject()
                .toByteArray();
    }
}
