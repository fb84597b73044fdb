package io.fapiao.issuer.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Amounts in capitals as the Ministry of Finance's bills print them. */
class ChineseAmountTest {
    @ParameterizedTest
    @CsvSource({
        "0, 零元整",
        "1, 壹分",
        "10, 壹角",
        "35, 叁角伍分",
        "100, 壹元整",
        "105, 壹元零伍分",
        "120, 壹元贰角",
        "10000, 壹佰元整",
        "100500, 壹仟零伍元整",
        "1234560, 壹万贰仟叁佰肆拾伍元陆角",
        "1000000, 壹万元整",
        "1000100, 壹万零壹元整",
        "10010000, 壹拾万零壹佰元整",
        "100000000, 壹佰万元整",
        "1000000000000, 壹佰亿元整",
        "1000000010000, 壹佰亿零壹佰元整",
        "1200000000000, 壹佰贰拾亿元整",
        "-52030, 负伍佰贰拾元叁角",
        "50003, 伍佰元零叁分",
        "-8, 负捌分"
    })
    void printsFenInCapitals(long fen, String capitals) {
        assertThat(ChineseAmount.of(fen)).isEqualTo(capitals);
    }
}
