package io.fapiao.protocol.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Json;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BillValidationProperties {
    private static final List<String> PARTS = List.of("fundPaid", "personalAccount", "personalCash");

    @Provide
    Arbitrary<Bill> sampleBills() {
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Arbitraries.oneOf(
                seeds.map(seed -> SampleBills.outpatient(seed, SampleBills.uscc(~seed))),
                seeds.map(seed -> SampleBills.inpatient(seed, SampleBills.uscc(seed ^ 0x5A5A))));
    }

    @Provide
    Arbitrary<Long> nonZeroDeltas() {
        return Arbitraries.longs()
                .between(-1_000_000_000_000L, 1_000_000_000_000L)
                .filter(delta -> delta != 0);
    }

    // --- SampleBills ----------------------------------------------------------------------------

    @Property
    void sampleBillsAreValid(@ForAll long seed) {
        String uscc = SampleBills.uscc(seed);
        assertThat(Uscc.isValid(uscc)).isTrue();
        assertThat(SampleBills.outpatient(seed, uscc).violations()).isEmpty();
        assertThat(SampleBills.inpatient(seed, uscc).violations()).isEmpty();
        assertThat(SampleBills.invoiceRequest(seed, uscc).violations()).isEmpty();
    }

    @Property(tries = 200)
    void sampleBillsAreDeterministicAndSurviveJson(@ForAll long seed) throws ProtocolException {
        String uscc = SampleBills.uscc(seed);
        Bill bill = SampleBills.inpatient(seed, uscc);
        assertThat(SampleBills.inpatient(seed, uscc)).isEqualTo(bill);
        assertThat(SampleBills.outpatient(seed, uscc)).isEqualTo(SampleBills.outpatient(seed, uscc));
        assertThat(SampleBills.invoiceRequest(seed, uscc)).isEqualTo(SampleBills.invoiceRequest(seed, uscc));
        assertThat(Bill.parse(Json.mapper().writeValueAsBytes(bill))).isEqualTo(bill);
        assertThat(InvoiceRequest.parse(Json.mapper().writeValueAsBytes(SampleBills.invoiceRequest(seed, uscc))))
                .isEqualTo(SampleBills.invoiceRequest(seed, uscc));
    }

    @Property(tries = 40)
    void sizedBillsAreValidAndJustUnderTheTarget(
            @ForAll long seed, @ForAll @IntRange(min = 1_200, max = 64_000) int target) {
        Bill bill = SampleBills.ofApproximateSize(seed, SampleBills.uscc(seed), target);
        int size = Json.mapper().writeValueAsBytes(bill).length;
        assertThat(bill.violations()).isEmpty();
        assertThat(size).isLessThanOrEqualTo(target).isGreaterThan(target - 200);
        assertThat(SampleBills.ofApproximateSize(seed, SampleBills.uscc(seed), target))
                .isEqualTo(bill);
    }

    @Property(tries = 50)
    void distinctSeedsGiveDistinctBillIds(@ForAll long a, @ForAll long b) {
        Assume.that(a != b);
        String uscc = SampleBills.uscc(1);
        assertThat(SampleBills.outpatient(a, uscc).billId())
                .isNotEqualTo(SampleBills.outpatient(b, uscc).billId());
        assertThat(SampleBills.inpatient(a, uscc).billId())
                .isNotEqualTo(SampleBills.inpatient(b, uscc).billId());
    }

    // --- item amounts ---------------------------------------------------------------------------

    @Property
    void changingOneItemAmountIsAMismatchAtThatItemAndInTheTotal(
            @ForAll("sampleBills") Bill bill,
            @ForAll @IntRange(min = 0, max = 10_000) int pick,
            @ForAll("nonZeroDeltas") long delta) {
        int index = pick % bill.items().size();
        BillDraft draft = new BillDraft(bill);
        draft.item(index).amount += delta;
        List<Violation> violations = draft.build().violations();

        String path = "items[" + index + "].amount";
        assertThat(violations).extracting(Violation::path).containsOnly(path, "total");
        assertThat(violations).anySatisfy(v -> {
            assertThat(v.path()).isEqualTo(path);
            assertThat(v.code()).isEqualTo(ViolationCode.AMOUNT_MISMATCH);
        });
        assertThat(violations)
                .filteredOn(v -> v.path().equals("total"))
                .extracting(Violation::code)
                .containsExactly(ViolationCode.TOTAL_MISMATCH);
    }

    @Property
    void changingOneItemAmountWithTheTotalIsAMismatchAtThatItemOnly(
            @ForAll("sampleBills") Bill bill,
            @ForAll @IntRange(min = 0, max = 10_000) int pick,
            @ForAll("nonZeroDeltas") long delta) {
        int index = pick % bill.items().size();
        Assume.that(bill.items().get(index).amount() + delta >= 0
                && bill.insurance().personalCash() + delta >= 0);
        BillDraft draft = new BillDraft(bill);
        draft.shiftItemAmount(index, delta);
        assertThat(draft.build().violations())
                .extracting(Violation::path, Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "items[" + index + "].amount", ViolationCode.AMOUNT_MISMATCH));
    }

    @Property
    void changingTheTotalAloneIsATotalAndInsuranceMismatch(
            @ForAll("sampleBills") Bill bill, @ForAll("nonZeroDeltas") long delta) {
        Assume.that(bill.total() + delta >= 0);
        BillDraft draft = new BillDraft(bill);
        draft.total += delta;
        assertThat(BillValidationTest.found(draft.build()))
                .containsExactly("total TOTAL_MISMATCH", "insurance INSURANCE_MISMATCH");
    }

    // --- insurance ------------------------------------------------------------------------------

    @Property
    void shiftingFenBetweenInsurancePartsKeepsTheBillValid(
            @ForAll("sampleBills") Bill bill,
            @ForAll @IntRange(min = 0, max = 2) int from,
            @ForAll @IntRange(min = 0, max = 2) int to,
            @ForAll @LongRange(min = 0, max = 1_000_000) long fen) {
        long[] parts = parts(bill.insurance());
        long moved = parts[from] == 0 ? 0 : fen % (parts[from] + 1);
        parts[from] -= moved;
        parts[to] += moved;
        Bill shifted = withInsurance(bill, parts);
        assertThat(shifted.violations()).isEmpty();
    }

    @Property
    void changingOneInsurancePartAloneIsAnInsuranceMismatch(
            @ForAll("sampleBills") Bill bill,
            @ForAll @IntRange(min = 0, max = 2) int part,
            @ForAll("nonZeroDeltas") long delta) {
        long[] parts = parts(bill.insurance());
        Assume.that(parts[part] + delta >= 0);
        parts[part] += delta;
        assertThat(BillValidationTest.found(withInsurance(bill, parts)))
                .containsExactly("insurance INSURANCE_MISMATCH");
    }

    @Property
    void aNegativeInsurancePartIsReportedAtItsPath(
            @ForAll("sampleBills") Bill bill,
            @ForAll @IntRange(min = 0, max = 2) int part,
            @ForAll @LongRange(min = 1, max = 1_000_000_000L) long below) {
        long[] parts = parts(bill.insurance());
        int other = (part + 1) % 3;
        parts[other] += parts[part] + below;
        parts[part] = -below;
        assertThat(BillValidationTest.found(withInsurance(bill, parts)))
                .containsExactly("insurance." + PARTS.get(part) + " NEGATIVE_AMOUNT");
    }

    static long[] parts(InsuranceSplit split) {
        return new long[] {split.fundPaid(), split.personalAccount(), split.personalCash()};
    }

    static Bill withInsurance(Bill bill, long[] parts) {
        return new Bill(
                bill.billCode(),
                bill.billId(),
                bill.issuerId(),
                bill.issuerName(),
                bill.issuedAt(),
                bill.payer(),
                bill.items(),
                bill.total(),
                new InsuranceSplit(parts[0], parts[1], parts[2]),
                bill.payeeClerk(),
                bill.remarks());
    }

    // --- extremes -------------------------------------------------------------------------------

    @Property
    void validationNeverThrowsForAnyAmounts(
            @ForAll long itemAmount,
            @ForAll long otherItemAmount,
            @ForAll long total,
            @ForAll long fundPaid,
            @ForAll long personalAccount,
            @ForAll long personalCash,
            @ForAll @IntRange(min = 1, max = 30) int copies) {
        BillItem first = new BillItem("110200001", "普通门诊诊查费", "REGISTRATION", "1", "10.00", itemAmount);
        BillItem other =
                new BillItem("X1", "高值耗材", "MATERIAL", "999999999999.999999", "999999999999.999999", otherItemAmount);
        List<BillItem> items = new java.util.ArrayList<>();
        items.add(first);
        for (int i = 0; i < copies; i++) {
            items.add(other);
        }
        Bill bill = new Bill(
                "35060124",
                "MZ1",
                "91350100M000100Y43",
                "福州市鼓楼区人民医院",
                "2024-03-15T09:30:00+08:00",
                new Payer("张伟", "RESIDENT_ID", "11010519491231002X"),
                items,
                total,
                new InsuranceSplit(fundPaid, personalAccount, personalCash),
                "李娜",
                null);
        assertThatCode(bill::violations).doesNotThrowAnyException();
        assertThat(bill.violations()).isNotEmpty(); // the second item can never match its price
        try {
            bill.requireValid();
        } catch (ProtocolException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BILL);
        }
    }

    @Property
    void requestValidationNeverThrowsForAnyAmounts(
            @ForAll long amount,
            @ForAll long tax,
            @ForAll long totalAmount,
            @ForAll long totalTax,
            @ForAll long totalWithTax,
            @ForAll @IntRange(min = 1, max = 30) int copies) {
        InvoiceLine line =
                new InvoiceLine("*计算机*笔记本电脑", "999999999999.999999", "999999999999.999999", "0.13", amount, tax);
        InvoiceRequest request = new InvoiceRequest(
                "R1",
                new InvoiceParty("杭州云帆科技有限公司", "91330106MA2H2L7X9W"),
                new InvoiceParty("王芳", null),
                "2024-03-15T14:05:09+08:00",
                java.util.Collections.nCopies(copies, line),
                totalAmount,
                totalTax,
                totalWithTax,
                null);
        assertThatCode(request::violations).doesNotThrowAnyException();
        assertThat(request.violations()).isNotEmpty();
    }

    // --- check characters -----------------------------------------------------------------------

    @Property
    void anySingleSubstitutionInASampleUsccIsDetected(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 17) int position,
            @ForAll @IntRange(min = 1, max = 30) int shift) {
        String code = SampleBills.uscc(seed);
        int value = Uscc.ALPHABET.indexOf(code.charAt(position));
        char replacement = Uscc.ALPHABET.charAt((value + shift) % 31);
        String changed = code.substring(0, position) + replacement + code.substring(position + 1);
        assertThat(Uscc.isValid(changed)).as(changed).isFalse();
    }

    @Property
    void residentIdsOfSampleBillsAreValidAndSingleDigitChangesAreDetected(
            @ForAll("sampleBills") Bill bill,
            @ForAll @IntRange(min = 0, max = 16) int position,
            @ForAll @IntRange(min = 1, max = 9) int shift) {
        Assume.that(bill.payer().idType().equals("RESIDENT_ID"));
        String id = bill.payer().idNumber();
        assertThat(ResidentId.isValid(id)).isTrue();
        char changedDigit = (char) ('0' + (id.charAt(position) - '0' + shift) % 10);
        String changed = id.substring(0, position) + changedDigit + id.substring(position + 1);
        assertThat(ResidentId.isValid(changed)).as(changed).isFalse();
    }
}
