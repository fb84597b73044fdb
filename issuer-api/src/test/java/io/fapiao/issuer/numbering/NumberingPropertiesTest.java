package io.fapiao.issuer.numbering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.ledger.InvoiceNumber;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class NumberingPropertiesTest {
    private static NumberingProperties properties(String prefix, String series) {
        return new NumberingProperties("issuer1", prefix, series, 200, 1000, ZoneId.of("Asia/Shanghai"), null, null);
    }

    @Test
    void aBillCodePrefixNumbersInTheMofFormWithTheYearInTheCode() {
        NumberingProperties mof = properties("460101", null);
        assertThat(mof.form()).isEqualTo(InvoiceNumber.Form.BILL_CODE);
        assertThat(mof.rangeSeries()).isEqualTo("460101");
        assertThat(mof.number(2026, 42)).hasToString("46010126-0000000042");
        assertThat(mof.number(2027, 1).billCode()).isEqualTo("46010127");
        assertThat(mof.scope(2026)).isEqualTo("bill code 46010126");
        assertThat(mof.defaultPrefix()).isFalse();
    }

    @Test
    void anOldSeriesKeepsTheOldForm() {
        NumberingProperties old = properties(null, "FP01");
        assertThat(old.form()).isEqualTo(InvoiceNumber.Form.SERIES);
        assertThat(old.rangeSeries()).isEqualTo("FP01");
        assertThat(old.number(2026, 42)).hasToString("FP01-2026-00000042");
        assertThat(old.scope(2026)).isEqualTo("series FP01 2026");
    }

    @Test
    void neitherSetNumbersUnderTheDevelopmentPrefix() {
        NumberingProperties unset = properties(null, " ");
        assertThat(unset.form()).isEqualTo(InvoiceNumber.Form.BILL_CODE);
        assertThat(unset.defaultPrefix()).isTrue();
        assertThat(unset.number(2026, 1)).hasToString(NumberingProperties.DEFAULT_BILL_CODE_PREFIX + "26-0000000001");
    }

    @Test
    void bothSetOrAMalformedPrefixIsRefusedAtStartUp() {
        assertThatThrownBy(() -> properties("440101", "FP01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both set");
        for (String prefix : new String[] {"44010", "4401011", "FP0101", "44010126"}) {
            assertThatThrownBy(() -> properties(prefix, null))
                    .as(prefix)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bill-code-prefix '" + prefix + "' must be 6 digits");
        }
        assertThatThrownBy(() -> properties(null, "fp01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("series 'fp01'");
    }

    @Test
    void theKeysNeverReachTheStringForm() {
        NumberingProperties withKeys = new NumberingProperties(
                "issuer1", "440101", null, 200, 1000, ZoneId.of("Asia/Shanghai"), "secret-one", "secret-two");
        assertThat(withKeys.toString()).contains("440101").doesNotContain("secret");
    }
}
