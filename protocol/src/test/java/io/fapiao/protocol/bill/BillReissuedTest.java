package io.fapiao.protocol.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BillReissuedTest {
    @Test
    void aReissuedBillKeepsItsContentsAndStaysValid() {
        Bill sample = SampleBills.outpatient(3, SampleBills.uscc(1));
        Bill today = sample.reissued("DEMO-0003", OffsetDateTime.of(2026, 11, 21, 9, 30, 0, 0, ZoneOffset.ofHours(8)));
        assertThat(today.billId()).isEqualTo("DEMO-0003");
        assertThat(today.issuedAt()).isEqualTo("2026-11-21T09:30:00+08:00");
        assertThat(today.items()).isEqualTo(sample.items());
        assertThat(today.violations()).isEmpty();
    }
}
