package io.fapiao.protocol.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.json.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link Bill#toCanonicalJson()}, written directly, against {@link CanonicalJson#encode}, the general path. */
class BillJsonProperties {
    @Provide
    Arbitrary<Bill> bills() {
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Arbitraries.oneOf(
                seeds.map(seed -> SampleBills.outpatient(seed, SampleBills.uscc(~seed))),
                seeds.map(seed -> SampleBills.inpatient(seed, SampleBills.uscc(seed ^ 0x5A5A))),
                seeds.map(seed -> SampleBills.ofApproximateSize(seed, SampleBills.uscc(seed), 4096)));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.just(null),
                Arbitraries.strings()
                        .withChars("\"\\\n\u0001\u007f\u00e9\u4e2d\ud83d\ude00\ud800")
                        .ofMaxLength(6));
    }

    @Provide
    Arbitrary<Long> amounts() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-(1L << 53), 1L << 53));
    }

    @Property(tries = 300)
    void sampleBillsAreWrittenAsCanonicalJsonWritesThem(@ForAll("bills") Bill bill) {
        assertThat(bill.toCanonicalJson()).isEqualTo(CanonicalJson.encode(bill));
    }

    @Property(tries = 2000)
    void anyBillIsWrittenAsCanonicalJsonWritesIt(
            @ForAll("bills") Bill sample,
            @ForAll("texts") String text,
            @ForAll("amounts") long amount,
            @ForAll("texts") String other,
            @ForAll byte which) {
        List<BillItem> items = new ArrayList<>(sample.items());
        BillItem first = items.getFirst();
        items.set(
                0,
                new BillItem(
                        which % 7 == 0 ? text : first.code(),
                        which % 7 == 1 ? text : first.name(),
                        first.category(),
                        which % 7 == 2 ? text : first.quantity(),
                        first.unitPrice(),
                        which % 7 == 3 ? amount : first.amount()));
        Bill bill = new Bill(
                which % 5 == 0 ? text : sample.billCode(),
                sample.billId(),
                sample.issuerId(),
                which % 5 == 1 ? text : sample.issuerName(),
                sample.issuedAt(),
                which % 11 == 0 ? null : new Payer(other, text, sample.payer().idNumber()),
                which % 13 == 0 ? null : which % 13 == 1 ? List.of() : items,
                which % 5 == 2 ? amount : sample.total(),
                which % 17 == 0 ? null : new InsuranceSplit(amount, 0, -amount),
                which % 5 == 3 ? other : sample.payeeClerk(),
                which % 5 == 4 ? other : sample.remarks());
        byte[] expected;
        try {
            expected = CanonicalJson.encode(bill);
        } catch (IllegalArgumentException e) {
            assertThatThrownBy(bill::toCanonicalJson).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        assertThat(bill.toCanonicalJson()).isEqualTo(expected);
    }
}
