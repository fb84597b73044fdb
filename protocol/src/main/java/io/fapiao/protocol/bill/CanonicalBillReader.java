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
    // The member names are BillJson's, asked for in the order it writes them (JCS order).
    private CanonicalBillReader() {}

    /** The bill, if {@code json} is a bill document in canonical form; otherwise null. */
    static Bill read(byte[] json) {
        CanonicalScanner in = new CanonicalScanner(json);
        try {
            in.beginObject();
            String billCode = in.member(BillJson.BILL_CODE) ? in.text() : null;
            String billId = in.member(BillJson.BILL_ID) ? in.text() : null;
            InsuranceSplit insurance = in.member(BillJson.INSURANCE) ? insurance(in) : null;
            String issuedAt = in.member(BillJson.ISSUED_AT) ? in.text() : null;
            String issuerId = in.member(BillJson.ISSUER_ID) ? in.text() : null;
            String issuerName = in.member(BillJson.ISSUER_NAME) ? in.text() : null;
            List<BillItem> items = in.member(BillJson.ITEMS) ? items(in) : null;
            String payeeClerk = in.member(BillJson.PAYEE_CLERK) ? in.text() : null;
            Payer payer = in.member(BillJson.PAYER) ? payer(in) : null;
            String remarks = in.member(BillJson.REMARKS) ? in.text() : null;
            long total = in.member(BillJson.TOTAL) ? in.integer() : in.decline();
            in.endObject();
            in.endDocument();
            return new Bill(
                    billCode,
                    billId,
                    issuerId,
                    issuerName,
                    issuedAt,
                    payer,
                    items,
                    total,
                    insurance,
                    payeeClerk,
                    remarks);
        } catch (Declined notCanonical) {
            return null;
        }
    }

    private static InsuranceSplit insurance(CanonicalScanner in) throws Declined {
        if (!in.beginObjectOrNull()) {
            return null;
        }
        long fundPaid = in.member(BillJson.FUND_PAID) ? in.integer() : in.decline();
        long personalAccount = in.member(BillJson.PERSONAL_ACCOUNT) ? in.integer() : in.decline();
        long personalCash = in.member(BillJson.PERSONAL_CASH) ? in.integer() : in.decline();
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
            long amount = in.member(BillJson.AMOUNT) ? in.integer() : in.decline();
            String category = in.member(BillJson.CATEGORY) ? in.text() : null;
            String code = in.member(BillJson.CODE) ? in.text() : null;
            String name = in.member(BillJson.NAME) ? in.text() : null;
            String quantity = in.member(BillJson.QUANTITY) ? in.text() : null;
            String unitPrice = in.member(BillJson.UNIT_PRICE) ? in.text() : null;
            in.endObject();
            items.add(new BillItem(code, name, category, quantity, unitPrice, amount));
        }
        return items;
    }

    private static Payer payer(CanonicalScanner in) throws Declined {
        if (!in.beginObjectOrNull()) {
            return null;
        }
        String idNumber = in.member(BillJson.ID_NUMBER) ? in.text() : null;
        String idType = in.member(BillJson.ID_TYPE) ? in.text() : null;
        String name = in.member(BillJson.NAME) ? in.text() : null;
        in.endObject();
        return new Payer(name, idType, idNumber);
    }
}
