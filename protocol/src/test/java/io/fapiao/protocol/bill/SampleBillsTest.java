package io.fapiao.protocol.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.json.Json;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SampleBillsTest {
    static final String HOSPITAL = "121101054000012809";

    /**
     * Other modules' fixtures and benchmarks depend on these exact values; a change to the generator
     * that alters them must be deliberate.
     */
    @Test
    void outputIsPinned() {
        assertThat(SampleBills.uscc(0)).isEqualTo("923201024290R6090E");
        assertThat(SampleBills.uscc(1)).isEqualTo("91610113MA03AX231B");
        Bill bill = SampleBills.outpatient(42, SampleBills.uscc(1));
        assertThat(bill.billId()).isEqualTo("MZ0000000042");
        assertThat(bill.issuedAt()).isEqualTo("2024-05-18T14:36:35+08:00");
        assertThat(bill.total()).isEqualTo(27_760);
        assertThat(bill.payer().idNumber()).isEqualTo("310115200202202049");
    }

    @Test
    void outpatientBillsAreSmallAndInpatientBillsAreLarge() {
        for (long seed = 0; seed < 300; seed++) {
            Bill outpatient = SampleBills.outpatient(seed, HOSPITAL);
            Bill inpatient = SampleBills.inpatient(seed, HOSPITAL);
            assertThat(outpatient.items()).hasSizeBetween(2, 8);
            assertThat(outpatient.items().getFirst().category()).isEqualTo("REGISTRATION");
            assertThat(outpatient.billId()).startsWith("MZ");
            assertThat(inpatient.items()).hasSizeBetween(20, 80);
            assertThat(inpatient.items()).extracting(BillItem::category).contains("BED", "NURSING");
            assertThat(inpatient.billId()).startsWith("ZY");
            assertThat(inpatient.billCode())
                    .isEqualTo("11" + "06" + "02" + inpatient.issuedAt().substring(2, 4));
            assertThat(inpatient.issuerName()).startsWith("北京市朝阳区");
        }
    }

    @Test
    void samplesCoverTheInterestingCases() {
        Set<String> idTypes = new HashSet<>();
        Set<String> categories = new HashSet<>();
        Set<String> taxRates = new HashSet<>();
        boolean selfPaid = false;
        boolean fundAndAccountAndCash = false;
        boolean individualBuyer = false;
        boolean companyBuyer = false;
        for (long seed = 0; seed < 500; seed++) {
            for (Bill bill :
                    new Bill[] {SampleBills.outpatient(seed, HOSPITAL), SampleBills.inpatient(seed, HOSPITAL)}) {
                idTypes.add(bill.payer().idType());
                bill.items().forEach(item -> categories.add(item.category()));
                InsuranceSplit split = bill.insurance();
                selfPaid |= split.fundPaid() == 0 && split.personalAccount() == 0;
                fundAndAccountAndCash |=
                        split.fundPaid() > 0 && split.personalAccount() > 0 && split.personalCash() > 0;
            }
            InvoiceRequest request = SampleBills.invoiceRequest(seed, HOSPITAL);
            request.lines().forEach(line -> taxRates.add(line.taxRate()));
            individualBuyer |= request.buyer().uscc() == null;
            companyBuyer |= request.buyer().uscc() != null;
        }
        assertThat(idTypes).containsExactlyInAnyOrder("RESIDENT_ID", "PASSPORT", "OTHER");
        assertThat(categories).hasSize(ItemCategory.values().length);
        assertThat(taxRates).containsExactlyInAnyOrderElementsOf(InvoiceLine.TAX_RATES);
        assertThat(selfPaid).isTrue();
        assertThat(fundAndAccountAndCash).isTrue();
        assertThat(individualBuyer).isTrue();
        assertThat(companyBuyer).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {2048, 32768, 100_000})
    void approximateSizesUsedByTheBenchmarks(int target) {
        Bill bill = SampleBills.ofApproximateSize(1, HOSPITAL, target);
        int size = Json.mapper().writeValueAsBytes(bill).length;
        assertThat(size).isBetween(target - 200, target);
        assertThat(bill.violations()).isEmpty();
        assertThat(bill.billId()).isEqualTo("ZX0000000001");
    }

    @Test
    void aTargetBelowTheSmallestBillGivesTheSmallestBill() {
        Bill bill = SampleBills.ofApproximateSize(1, HOSPITAL, 10);
        assertThat(bill.violations()).isEmpty();
        assertThat(bill.items()).hasSizeLessThanOrEqualTo(5);
        assertThat(Json.mapper().writeValueAsBytes(bill).length).isLessThan(2048);
    }

    @Test
    void aTargetBeyondAThousandItemsIsRefused() {
        assertThatThrownBy(() -> SampleBills.ofApproximateSize(1, HOSPITAL, 1 << 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000 items");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "91350100M000100Y44", "not a uscc"})
    void anInvalidIssuerIsRefused(String uscc) {
        assertThatThrownBy(() -> SampleBills.outpatient(1, uscc)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleBills.inpatient(1, uscc)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleBills.ofApproximateSize(1, uscc, 2048))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleBills.invoiceRequest(1, uscc)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleBills.outpatient(1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
