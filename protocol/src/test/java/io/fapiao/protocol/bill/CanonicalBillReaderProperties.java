package io.fapiao.protocol.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The fast path of {@link Bill#parse} reads back every bill the canonical writer writes, whatever
 * its text holds (escapes, control characters, quotes, backslashes, characters beyond the BMP),
 * and declines only text holding U+FFFD, which it cannot tell from malformed UTF-8. That it never
 * reads anything else than {@link BillReader} does is {@link BillReaderProperties}' business.
 */
class CanonicalBillReaderProperties {
    @Property(tries = 2000)
    void readsBackAnyTextTheWriterWrites(
            @ForAll long seed, @ForAll String remarks, @ForAll String itemName, @ForAll String payerName) {
        Bill sample = SampleBills.inpatient(seed, SampleBills.uscc(seed));
        List<BillItem> items = new ArrayList<>(sample.items());
        BillItem first = items.get(0);
        items.set(
                0,
                new BillItem(
                        first.code(), itemName, first.category(), first.quantity(), first.unitPrice(), first.amount()));
        Bill bill = new Bill(
                sample.billCode(),
                sample.billId(),
                sample.issuerId(),
                sample.issuerName(),
                sample.issuedAt(),
                new Payer(payerName, sample.payer().idType(), sample.payer().idNumber()),
                items,
                sample.total(),
                sample.insurance(),
                sample.payeeClerk(),
                remarks);
        byte[] canonical;
        try {
            canonical = bill.toCanonicalJson();
        } catch (IllegalArgumentException loneSurrogate) {
            Assume.that(false);
            return;
        }
        Bill read = CanonicalBillReader.read(canonical);
        if ((remarks + itemName + payerName).indexOf('\uFFFD') >= 0) {
            assertThat(read).isNull();
        } else {
            assertThat(read).isEqualTo(bill);
        }
    }

    @Property(tries = 20)
    void readsBillsOfEverySize(@ForAll long seed, @ForAll @IntRange(min = 1024, max = 131_072) int bytes) {
        Bill bill = SampleBills.ofApproximateSize(seed, SampleBills.uscc(seed), bytes);
        assertThat(CanonicalBillReader.read(bill.toCanonicalJson())).isEqualTo(bill);
    }

    @Example
    void declinesWhatTheWriterNeverWrites() {
        byte[] canonical = SampleBills.outpatient(1, SampleBills.uscc(1)).toCanonicalJson();
        String text = new String(canonical, java.nio.charset.StandardCharsets.UTF_8);
        for (String variant : List.of(
                text.replace(":", ": "),
                " " + text,
                text + " ",
                text.replace(",\"total\"", ", \"total\""),
                text.replace("\"billCode\"", "\"billcode\""))) {
            assertThat(CanonicalBillReader.read(variant.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .as(variant)
                    .isNull();
        }
    }
}
