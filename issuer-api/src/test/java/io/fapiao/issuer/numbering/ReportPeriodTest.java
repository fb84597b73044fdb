package io.fapiao.issuer.numbering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReportPeriodTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void aMonthRunsFromItsFirstMidnightToTheNextMonthsInTheNumberingZone() {
        ReportPeriod december = ReportPeriod.parse("2026-12", SHANGHAI);
        assertThat(december.from()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
        assertThat(december.to()).isEqualTo(Instant.parse("2026-12-31T16:00:00Z"));
        assertThat(december.year()).isEqualTo(2026);
        // 1 December 00:00 in Shanghai is in December, the instant before it in November
        assertThat(december.contains(Instant.parse("2026-11-30T16:00:00Z"))).isTrue();
        assertThat(december.contains(Instant.parse("2026-11-30T15:59:59Z"))).isFalse();
        assertThat(december.contains(Instant.parse("2026-12-31T15:59:59Z"))).isTrue();
        assertThat(december.contains(Instant.parse("2026-12-31T16:00:00Z"))).isFalse();
    }

    @Test
    void aYearRunsFromFirstOfJanuaryToTheNextInTheNumberingZone() {
        ReportPeriod year = ReportPeriod.parse("2026", SHANGHAI);
        assertThat(year.from()).isEqualTo(Instant.parse("2025-12-31T16:00:00Z"));
        assertThat(year.to()).isEqualTo(Instant.parse("2026-12-31T16:00:00Z"));
        assertThat(year.year()).isEqualTo(2026);
        assertThat(ReportPeriod.parse("2026", ZoneId.of("UTC")).from())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void anythingElseIsRefused() {
        for (String text :
                new String[] {null, "", "2026-13", "2026-00", "2026-1", "12-2026", "2026-12-01", "26", " 2026", "0000"
                }) {
            assertThatIllegalArgumentException()
                    .as(String.valueOf(text))
                    .isThrownBy(() -> ReportPeriod.parse(text, SHANGHAI))
                    .withMessageContaining("period must be a month (yyyy-MM");
        }
    }
}
