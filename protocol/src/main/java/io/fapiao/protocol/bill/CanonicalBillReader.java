package io.fapiao.protocol.bill;

import io.fapiao.protocol.json.CanonicalScanner;
import io.fapiao.protocol.json.CanonicalScanner.Declined;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast path of {@link Bill#parse}: reads a bill that is in its canonical form, as
 * {@link Bill#toCanonicalJson()} writes it and as every sealed bill carries it, and answers null
 * for anything else, which {@link BillReader} then reads or refuses with its precise message.
 * Whenever it answers a bill, it is the bill {@link BillReader} reads from the same bytes
 * ({@code CanonicalBillReaderProperties}).
 *
 * <p>It exists because parsing was the largest step of opening a 32 KiB sealed bill that is not a
 * cryptographic primitive: about an eighth of the time, most of it in decoding strings.
 *
 * <pre>{@code
 * Bill bill = CanonicalBillReader.read(json);
 * if (bill == null) {
 *     bill = BillReader.read(json);
 * }
 * }</pre>
 */
final class CanonicalBillReader {
    // Members in JCS order (UTF-16 code units), which is the order they are asked for.
    private static final byte[] BILL_CODE = CanonicalScanner.memberName("billCode");
    private static final byte[] BILL_ID = CanonicalScanner.memberName("billId");
    private static final byte[] INSURANCE = CanonicalScanner.memberName("insurance");
    private static final byte[] ISSUED_AT = CanonicalScanner.memberName("issuedAt");
    private static final byte[] ISSUER_ID = CanonicalScanner.memberName("issuerId");
    private static final byte[] ISSUER_NAME = CanonicalScanner.memberName("issuerName");
    private static final byte[] ITEMS = CanonicalScanner.memberName("items");
    private static final byte[] PAYEE_CLERK = CanonicalScanner.memberName("payeeClerk");
    private static final byte[] PAYER = CanonicalScanner.memberName("payer");
    private static final byte[] REMARKS = CanonicalScanner.memberName("remarks");
    private static final byte[] TOTAL = CanonicalScanner.memberName("total");

    private static final byte[] FUND_PAID = CanonicalScanner.memberName("fundPaid");
    private static final byte[] PERSONAL_ACCOUNT = CanonicalScanner.memberName("personalAccount");
    private static final byte[] PERSONAL_CASH = CanonicalScanner.memberName("personalCash");

    private static final byte[] AMOUNT = CanonicalScanner.memberName("amount");
    private static final byte[] CATEGORY = CanonicalScanner.memberName("category");
    private static final byte[] CODE = CanonicalScanner.memberName("code");
    private static final byte[] NAME = CanonicalScanner.memberName("name");
    private static final byte[] QUANTITY = CanonicalScanner.memberName("quantity");
    private static final byte[] UNIT_PRICE = CanonicalScanner.memberName("unitPrice");

    private static final byte[] ID_NUMBER = CanonicalScanner.memberName("idNumber");
    private static final byte[] ID_TYPE = CanonicalScanner.memberName("idType");

    private CanonicalBillReader() {}

    /** The bill, if {@code json} is a bill document in canonical form; otherwise null. */
    static Bill read(byte[] json) {
        CanonicalScanner in = new CanonicalScanner(json);
        try {
            in.beginObject();
            String billCode = in.member(BILL_CODE) ? in.text() : null;
            String billId = in.member(BILL_ID) ? in.text() : null;
            InsuranceSplit insurance = in.member(INSURANCE) ? insurance(in) : null;
            String issuedAt = in.member(ISSUED_AT) ? in.text() : null;
            String issuerId = in.member(ISSUER_ID) ? in.text() : null;
            String issuerName = in.member(ISSUER_NAME) ? in.text() : null;
            List<BillItem> items = in.member(ITEMS) ? items(in) : null;
            String payeeClerk = in.member(PAYEE_CLERK) ? in.text() : null;
            Payer payer = in.member(PAYER) ? payer(in) : null;
            String remarks = in.member(REMARKS) ? in.text() : null;
            long total = in.member(TOTAL) ? in.integer() : in.decline();
            in.endObject();
            in.endDocument();
            return new Bill(billCode, billId, issuerId, issuerName, issuedAt, payer, items, total, insurance,
                    payeeClerk, remarks);
        } catch (Declined notCanonical) {
            return null;
        }
    }

    private static InsuranceSplit insurance(CanonicalScanner in) throws Declined {
        if (!in.beginObjectOrNull()) {
            return null;
        }
        long fundPaid = in.member(FUND_PAID) ? in.integer() : in.decline();
        long personalAccount = in.member(PERSONAL_ACCOUNT) ? in.integer() : in.decline();
        long personalCash = in.member(PERSONAL_CASH) ? in.integer() : in.decline();
        in.endObject();
        return new InsuranceSplit(fundPaid, personalAccount, personalCash);
    }

    private static List<BillItem> items(CanonicalScanner in) throws Declined {
        if (!in.beginArrayOrNull()) {
            return null;
        }
        List<BillItem> items = new ArrayList<>();
        for (boolean more = in.firstElement(); more; more = in.nextElement()) {
            in.beginObject();
            long amount = in.member(AMOUNT) ? in.integer() : in.decline();
            String category = in.member(CATEGORY) ? in.text() : null;
            String code = in.member(CODE) ? in.text() : null;
            String name = in.member(NAME) ? in.text() : null;
            String quantity = in.member(QUANTITY) ? in.text() : null;
            String unitPrice = in.member(UNIT_PRICE) ? in.text() : null;
            in.endObject();
            items.add(new BillItem(code, name, category, quantity, unitPrice, amount));
        }
        return items;
    }

    private static Payer payer(CanonicalScanner in) throws Declined {
        if (!in.beginObjectOrNull()) {
            return null;
        }
        String idNumber = in.member(ID_NUMBER) ? in.text() : null;
        String idType = in.member(ID_TYPE) ? in.text() : null;
        String name = in.member(NAME) ? in.text() : null;
        in.endObject();
        return new Payer(name, idType, idNumber);
    }
}
