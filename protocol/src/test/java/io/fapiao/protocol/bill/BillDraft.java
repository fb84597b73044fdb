package io.fapiao.protocol.bill;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A mutable copy of a {@link Bill} for tests: start from a valid bill, break one thing, build. */
final class BillDraft {
    /** The valid bill every draft starts from: three items, 55.00 yuan, split three ways. */
    static Bill valid() {
        return new Bill(
                "35060124",
                "MZ2024031500001",
                "91350100M000100Y43",
                "福州市鼓楼区人民医院",
                "2024-03-15T09:30:00+08:00",
                new Payer("张伟", "RESIDENT_ID", "11010519491231002X"),
                List.of(
                        new BillItem("110200001", "普通门诊诊查费", "REGISTRATION", "1", "10.00", 1000),
                        new BillItem(
                                "XJ01CAA040A001010104513", "阿莫西林胶囊 0.25g*24粒", "WESTERN_MEDICINE", "2", "12.50", 2500),
                        new BillItem("250101015", "血细胞分析(血常规)", "LABORATORY", "1", "20.00", 2000)),
                5500,
                new InsuranceSplit(2000, 1500, 2000),
                "李娜",
                "门诊号:MZ202403150001");
    }

    /** {@link #valid()} with one change applied. */
    static Bill with(Consumer<BillDraft> change) {
        BillDraft draft = new BillDraft(valid());
        change.accept(draft);
        return draft.build();
    }

    static final class Item {
        String code;
        String name;
        String category;
        String quantity;
        String unitPrice;
        long amount;

        Item(BillItem item) {
            code = item.code();
            name = item.name();
            category = item.category();
            quantity = item.quantity();
            unitPrice = item.unitPrice();
            amount = item.amount();
        }

        BillItem build() {
            return new BillItem(code, name, category, quantity, unitPrice, amount);
        }
    }

    static final class PayerDraft {
        String name;
        String idType;
        String idNumber;
    }

    String billCode;
    String billId;
    String issuerId;
    String issuerName;
    String issuedAt;
    PayerDraft payer;
    List<Item> items;
    long total;
    long fundPaid;
    long personalAccount;
    long personalCash;
    boolean noInsurance;
    String payeeClerk;
    String remarks;

    BillDraft(Bill bill) {
        billCode = bill.billCode();
        billId = bill.billId();
        issuerId = bill.issuerId();
        issuerName = bill.issuerName();
        issuedAt = bill.issuedAt();
        if (bill.payer() != null) {
            payer = new PayerDraft();
            payer.name = bill.payer().name();
            payer.idType = bill.payer().idType();
            payer.idNumber = bill.payer().idNumber();
        }
        if (bill.items() != null) {
            items = new ArrayList<>();
            bill.items().forEach(item -> items.add(new Item(item)));
        }
        total = bill.total();
        noInsurance = bill.insurance() == null;
        if (!noInsurance) {
            fundPaid = bill.insurance().fundPaid();
            personalAccount = bill.insurance().personalAccount();
            personalCash = bill.insurance().personalCash();
        }
        payeeClerk = bill.payeeClerk();
        remarks = bill.remarks();
    }

    Item item(int index) {
        return items.get(index);
    }

    /** Changes item {@code index}'s amount and keeps the total and the cash part in step. */
    void shiftItemAmount(int index, long delta) {
        items.get(index).amount += delta;
        total += delta;
        personalCash += delta;
    }

    Bill build() {
        return new Bill(
                billCode,
                billId,
                issuerId,
                issuerName,
                issuedAt,
                payer == null ? null : new Payer(payer.name, payer.idType, payer.idNumber),
                items == null ? null : items.stream().map(Item::build).toList(),
                total,
                noInsurance ? null : new InsuranceSplit(fundPaid, personalAccount, personalCash),
                payeeClerk,
                remarks);
    }
}
