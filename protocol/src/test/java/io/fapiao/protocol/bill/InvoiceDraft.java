package io.fapiao.protocol.bill;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A mutable copy of an {@link InvoiceRequest} for tests: start from a valid request, break one thing, build. */
final class InvoiceDraft {
    /** The valid request every draft starts from: two lines at 13 % and 9 %. */
    static InvoiceRequest valid() {
        return new InvoiceRequest(
                "ORD-20240315-0001",
                new InvoiceParty("杭州云帆科技有限公司", "91330106MA2H2L7X9W"),
                new InvoiceParty("福州市鼓楼区人民医院", "91350100M000100Y43"),
                "2024-03-15T14:05:09+08:00",
                List.of(
                        // 2 × 5309.734513 × 100 = 1061946.9026 → 1061947; × 0.13 = 138053.11 → 138053
                        new InvoiceLine("*计算机*笔记本电脑", "2", "5309.734513", "0.13", 1_061_947, 138_053),
                        // 1 × 82.568807 × 100 = 8256.8807 → 8257; × 0.09 = 743.13 → 743
                        new InvoiceLine("*图书*现代汉语词典(第7版)", "1", "82.568807", "0.09", 8_257, 743)),
                1_070_204,
                138_796,
                1_209_000,
                "订单号:20240315000123");
    }

    static InvoiceRequest with(Consumer<InvoiceDraft> change) {
        InvoiceDraft draft = new InvoiceDraft(valid());
        change.accept(draft);
        return draft.build();
    }

    static final class Line {
        String name;
        String quantity;
        String unitPrice;
        String taxRate;
        long amount;
        long tax;

        Line(InvoiceLine line) {
            name = line.name();
            quantity = line.quantity();
            unitPrice = line.unitPrice();
            taxRate = line.taxRate();
            amount = line.amount();
            tax = line.tax();
        }

        InvoiceLine build() {
            return new InvoiceLine(name, quantity, unitPrice, taxRate, amount, tax);
        }
    }

    String requestId;
    InvoiceParty seller;
    InvoiceParty buyer;
    String issuedAt;
    List<Line> lines;
    long totalAmount;
    long totalTax;
    long totalWithTax;
    String remarks;

    InvoiceDraft(InvoiceRequest request) {
        requestId = request.requestId();
        seller = request.seller();
        buyer = request.buyer();
        issuedAt = request.issuedAt();
        if (request.lines() != null) {
            lines = new ArrayList<>();
            request.lines().forEach(line -> lines.add(new Line(line)));
        }
        totalAmount = request.totalAmount();
        totalTax = request.totalTax();
        totalWithTax = request.totalWithTax();
        remarks = request.remarks();
    }

    Line line(int index) {
        return lines.get(index);
    }

    InvoiceRequest build() {
        return new InvoiceRequest(
                requestId,
                seller,
                buyer,
                issuedAt,
                lines == null ? null : lines.stream().map(Line::build).toList(),
                totalAmount,
                totalTax,
                totalWithTax,
                remarks);
    }
}
