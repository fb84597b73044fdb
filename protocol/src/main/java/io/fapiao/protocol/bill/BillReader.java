package io.fapiao.protocol.bill;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.StrictReader;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonToken;

/**
 * Reads a {@link Bill} document in one streaming pass, member by member, with exactly the shape
 * rules of the Jackson binding ({@code Json.read(json, Bill.class)}, which stays the reference and
 * is property-tested against this reader): text fields are strings or null (absent = null), fen
 * amounts JSON integers within {@code long} and required, {@code payer}, {@code items} and
 * {@code insurance} objects/arrays or null, no null item, no unknown or duplicate member, nothing
 * after the document. Every refusal is {@link ErrorCode#MALFORMED}.
 *
 * <p>It exists because opening a sealed bill spent a fifth of its time binding the bill through
 * Jackson's databind (record constructors called through method handles, once per item).
 *
 * <pre>{@code
 * Bill bill = BillReader.read(bytes);   // then bill.requireValid()
 * }</pre>
 */
final class BillReader {
    private static final String DOCUMENT = "Bill";

    private BillReader() {}

    static Bill read(byte[] json) throws ProtocolException {
        StrictReader in = StrictReader.of(json, DOCUMENT);
        if (!in.startDocument()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "not a valid Bill document: JSON null");
        }
        String billCode = null;
        String billId = null;
        String issuerId = null;
        String issuerName = null;
        String issuedAt = null;
        Payer payer = null;
        List<BillItem> items = null;
        long total = 0;
        InsuranceSplit insurance = null;
        String payeeClerk = null;
        String remarks = null;
        int seen = 0;
        for (String name = in.nextName(); name != null; name = in.nextName()) {
            switch (name) {
                case "billCode" -> {
                    seen = in.mark(seen, 1);
                    billCode = in.text();
                }
                case "billId" -> {
                    seen = in.mark(seen, 1 << 1);
                    billId = in.text();
                }
                case "issuerId" -> {
                    seen = in.mark(seen, 1 << 2);
                    issuerId = in.text();
                }
                case "issuerName" -> {
                    seen = in.mark(seen, 1 << 3);
                    issuerName = in.text();
                }
                case "issuedAt" -> {
                    seen = in.mark(seen, 1 << 4);
                    issuedAt = in.text();
                }
                case "payer" -> {
                    seen = in.mark(seen, 1 << 5);
                    payer = payer(in);
                }
                case "items" -> {
                    seen = in.mark(seen, 1 << 6);
                    items = items(in);
                }
                case "total" -> {
                    seen = in.mark(seen, 1 << 7);
                    total = in.integer();
                }
                case "insurance" -> {
                    seen = in.mark(seen, 1 << 8);
                    insurance = insurance(in);
                }
                case "payeeClerk" -> {
                    seen = in.mark(seen, 1 << 9);
                    payeeClerk = in.text();
                }
                case "remarks" -> {
                    seen = in.mark(seen, 1 << 10);
                    remarks = in.text();
                }
                default -> throw in.unknown();
            }
        }
        if ((seen & (1 << 7)) == 0) {
            throw in.missing("total", "a fen amount is required and missing");
        }
        in.endDocument();
        return new Bill(
                billCode, billId, issuerId, issuerName, issuedAt, payer, items, total, insurance, payeeClerk, remarks);
    }

    /** Moves to the value and says whether it is an object (true) or null (false); anything else is refused. */
    private static boolean objectOrNull(StrictReader in) throws ProtocolException {
        JsonToken token = in.next();
        if (token == JsonToken.START_OBJECT) {
            return true;
        }
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        throw in.malformed("expected an object or null, not " + StrictReader.describe(token));
    }

    private static Payer payer(StrictReader in) throws ProtocolException {
        if (!objectOrNull(in)) {
            return null;
        }
        String name = null;
        String idType = null;
        String idNumber = null;
        int seen = 0;
        for (String member = in.nextName(); member != null; member = in.nextName()) {
            switch (member) {
                case "name" -> {
                    seen = in.mark(seen, 1);
                    name = in.text();
                }
                case "idType" -> {
                    seen = in.mark(seen, 2);
                    idType = in.text();
                }
                case "idNumber" -> {
                    seen = in.mark(seen, 4);
                    idNumber = in.text();
                }
                default -> throw in.unknown();
            }
        }
        return new Payer(name, idType, idNumber);
    }

    private static List<BillItem> items(StrictReader in) throws ProtocolException {
        JsonToken token = in.next();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            throw in.malformed("expected an array or null, not " + StrictReader.describe(token));
        }
        List<BillItem> items = new ArrayList<>();
        for (token = in.next(); token != JsonToken.END_ARRAY; token = in.next()) {
            if (token != JsonToken.START_OBJECT) {
                throw in.malformed("an item must be an object, not " + StrictReader.describe(token));
            }
            items.add(item(in));
        }
        return items;
    }

    private static BillItem item(StrictReader in) throws ProtocolException {
        String code = null;
        String name = null;
        String category = null;
        String quantity = null;
        String unitPrice = null;
        long amount = 0;
        int seen = 0;
        for (String member = in.nextName(); member != null; member = in.nextName()) {
            switch (member) {
                case "code" -> {
                    seen = in.mark(seen, 1);
                    code = in.text();
                }
                case "name" -> {
                    seen = in.mark(seen, 2);
                    name = in.text();
                }
                case "category" -> {
                    seen = in.mark(seen, 4);
                    category = in.text();
                }
                case "quantity" -> {
                    seen = in.mark(seen, 8);
                    quantity = in.text();
                }
                case "unitPrice" -> {
                    seen = in.mark(seen, 16);
                    unitPrice = in.text();
                }
                case "amount" -> {
                    seen = in.mark(seen, 32);
                    amount = in.integer();
                }
                default -> throw in.unknown();
            }
        }
        if ((seen & 32) == 0) {
            throw in.missing("amount", "a fen amount is required and missing");
        }
        return new BillItem(code, name, category, quantity, unitPrice, amount);
    }

    private static InsuranceSplit insurance(StrictReader in) throws ProtocolException {
        if (!objectOrNull(in)) {
            return null;
        }
        long fundPaid = 0;
        long personalAccount = 0;
        long personalCash = 0;
        int seen = 0;
        for (String member = in.nextName(); member != null; member = in.nextName()) {
            switch (member) {
                case "fundPaid" -> {
                    seen = in.mark(seen, 1);
                    fundPaid = in.integer();
                }
                case "personalAccount" -> {
                    seen = in.mark(seen, 2);
                    personalAccount = in.integer();
                }
                case "personalCash" -> {
                    seen = in.mark(seen, 4);
                    personalCash = in.integer();
                }
                default -> throw in.unknown();
            }
        }
        if (seen != 7) {
            String missing = (seen & 1) == 0 ? "fundPaid" : (seen & 2) == 0 ? "personalAccount" : "personalCash";
            throw in.missing(missing, "a fen amount is required and missing");
        }
        return new InsuranceSplit(fundPaid, personalAccount, personalCash);
    }
}
