package io.fapiao.protocol.bill;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules of a {@link Bill}; see its documentation for the table of fields, limits and codes. */
final class BillRules {
    static final int BILL_ID_MAX = 64;
    static final int ISSUER_NAME_MAX = 100;
    static final int PAYER_NAME_MAX = 50;
    static final int ID_NUMBER_MAX = 32;
    static final int ITEM_CODE_MAX = 50;
    static final int ITEM_NAME_MAX = 100;
    static final int PAYEE_CLERK_MAX = 32;
    static final int REMARKS_MAX = 500;

    private static final Pattern BILL_CODE = Pattern.compile("[0-9]{8}");
    private static final Pattern PASSPORT = Pattern.compile("[A-Z0-9]{5,20}");

    private BillRules() {}

    static List<Violation> check(Bill bill) {
        Rules r = new Rules();
        if (bill.billCode() == null || bill.billCode().isBlank()) {
            r.add("billCode", ViolationCode.REQUIRED, "bill code (票据代码) is required: 8 digits");
        } else if (!BILL_CODE.matcher(bill.billCode()).matches()) {
            r.add(
                    "billCode",
                    ViolationCode.BAD_FORMAT,
                    "bill code (票据代码) must be exactly 8 digits; got " + Uscc.quote(bill.billCode()));
        }
        r.identifier("billId", bill.billId(), BILL_ID_MAX, "bill id");
        r.uscc("issuerId", bill.issuerId(), true, "issuer id");
        r.text("issuerName", bill.issuerName(), ISSUER_NAME_MAX, "issuer name");
        OffsetDateTime issuedAt = r.timestamp("issuedAt", bill.issuedAt());
        payer(r, bill.payer(), issuedAt == null ? null : issuedAt.toLocalDate());
        ExactSum itemSum = items(r, bill.items());
        r.amount("total", bill.total(), "total");
        if (itemSum != null) {
            r.total("total", bill.total(), itemSum, "sum of the " + bill.items().size() + " item amounts");
        }
        insurance(r, bill.insurance(), bill.total());
        r.text("payeeClerk", bill.payeeClerk(), PAYEE_CLERK_MAX, "payee clerk");
        r.optionalText("remarks", bill.remarks(), REMARKS_MAX, true, "remarks");
        return r.result();
    }

    private static void payer(Rules r, Payer payer, LocalDate issueDate) {
        if (!r.present("payer", payer, "payer")) {
            return;
        }
        r.text("payer.name", payer.name(), PAYER_NAME_MAX, "payer name");
        Optional<IdType> type = Optional.empty();
        if (payer.idType() == null || payer.idType().isBlank()) {
            r.add("payer.idType", ViolationCode.REQUIRED, "id type is required: one of " + List.of(IdType.values()));
        } else {
            type = IdType.of(payer.idType());
            if (type.isEmpty()) {
                r.add(
                        "payer.idType",
                        ViolationCode.UNKNOWN_ID_TYPE,
                        "id type " + Uscc.quote(payer.idType()) + " is not one of " + List.of(IdType.values()));
            }
        }
        String path = "payer.idNumber";
        String number = payer.idNumber();
        if (number == null || number.isBlank()) {
            r.add(path, ViolationCode.REQUIRED, "id number is required");
            return;
        }
        switch (type.orElse(IdType.OTHER)) {
            case RESIDENT_ID -> {
                Problem problem = ResidentId.problem(number);
                r.add(path, problem);
                if (problem == null && issueDate != null) {
                    LocalDate born = ResidentId.birthDate(number).orElseThrow();
                    if (born.isAfter(issueDate)) {
                        r.add(
                                path,
                                ViolationCode.BAD_FORMAT,
                                "resident id number " + PersonalData.masked(number)
                                        + " gives a birth date after the bill's issue date " + issueDate);
                    }
                }
            }
            case PASSPORT -> {
                if (!PASSPORT.matcher(number).matches()) {
                    r.add(
                            path,
                            ViolationCode.BAD_FORMAT,
                            "passport number must be 5 to 20 characters of A-Z and 0-9; got "
                                    + PersonalData.masked(number));
                }
            }
            case OTHER -> r.text(path, number, ID_NUMBER_MAX, "id number");
        }
    }

    /** Checks every item; returns the exact sum of the item amounts, or null if there are no items to sum. */
    private static ExactSum items(Rules r, List<BillItem> items) {
        if (!r.lines("items", items, "items")) {
            return null;
        }
        ExactSum sum = new ExactSum();
        for (int i = 0; i < items.size(); i++) {
            BillItem item = items.get(i);
            r.within("items", i);
            if (!r.present("", item, "item")) {
                continue;
            }
            r.identifier("code", item.code(), ITEM_CODE_MAX, "item code");
            r.text("name", item.name(), ITEM_NAME_MAX, "item name");
            if (item.category() == null || item.category().isBlank()) {
                r.add(
                        "category",
                        ViolationCode.REQUIRED,
                        "item category is required: one of " + List.of(ItemCategory.values()));
            } else if (ItemCategory.of(item.category()).isEmpty()) {
                r.add(
                        "category",
                        ViolationCode.UNKNOWN_CATEGORY,
                        "item category " + Uscc.quote(item.category()) + " is not one of "
                                + List.of(ItemCategory.values()));
            }
            long quantity = r.quantity("quantity", item.quantity());
            long price = r.price("unitPrice", item.unitPrice());
            r.amount("amount", item.amount(), "item amount");
            if (quantity != Rules.NO_DECIMAL && price != Rules.NO_DECIMAL) {
                r.lineAmount("amount", item.amount(), quantity, item.quantity(), price, item.unitPrice());
            }
            sum.add(item.amount());
        }
        r.top();
        return sum;
    }

    private static void insurance(Rules r, InsuranceSplit insurance, long total) {
        if (!r.present("insurance", insurance, "insurance split (fundPaid, personalAccount, personalCash)")) {
            return;
        }
        r.amount("insurance.fundPaid", insurance.fundPaid(), "fund paid");
        r.amount("insurance.personalAccount", insurance.personalAccount(), "personal account");
        r.amount("insurance.personalCash", insurance.personalCash(), "personal cash");
        ExactSum parts = new ExactSum();
        parts.add(insurance.fundPaid());
        parts.add(insurance.personalAccount());
        parts.add(insurance.personalCash());
        if (!parts.is(total)) {
            r.add(
                    "insurance",
                    ViolationCode.INSURANCE_MISMATCH,
                    "fundPaid " + insurance.fundPaid()
                            + " + personalAccount " + insurance.personalAccount() + " + personalCash "
                            + insurance.personalCash() + " = " + parts + " fen ≠ total " + total + " fen");
        }
    }
}
