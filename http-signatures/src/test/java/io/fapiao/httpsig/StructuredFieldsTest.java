package io.fapiao.httpsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8941's rules as the signature code meets them through {@link StructuredFields}. */
class StructuredFieldsTest {

    @Test
    void everyBareTypeComesBackAsAPlainJavaValue() throws Exception {
        Map<String, StructuredFields.Member> members =
                StructuredFields.dictionary("i=42, d=4.5, s=\"x\", t=sha-256, b=:AQID:, f=?0, flag");
        assertThat(values(members))
                .containsExactly(
                        42L,
                        new BigDecimal("4.5"),
                        "x",
                        new StructuredFields.Token("sha-256"),
                        new byte[] {1, 2, 3},
                        false,
                        true);
    }

    @Test
    void aDuplicateKeyKeepsTheLastValueInTheFirstPlace() throws Exception {
        // RFC 8941 §4.2.2: later members overwrite earlier ones; the order is the first occurrence's.
        Map<String, StructuredFields.Member> members = StructuredFields.dictionary("a=1, b=2, a=3");
        assertThat(members.keySet()).containsExactly("a", "b");
        assertThat(((StructuredFields.Item) members.get("a")).value()).isEqualTo(3L);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a=1234567890123456", // an integer has at most 15 digits
                "a=1.2345", // a decimal has at most three fraction digits
                "a=\"caf\u00e9\"", // strings are printable ASCII
                "a=:AQ=Z:", // not base64
                "A=1", // keys are lower case
                "a=1,", // a trailing comma
                "a=(1 2", // an unclosed inner list
                "a=1;B", // parameter keys are lower case too
            })
    void whatTheGrammarDoesNotAllowIsRefused(String field) {
        assertThatThrownBy(() -> StructuredFields.dictionary(field))
                .isInstanceOfSatisfying(
                        SignatureRefused.class,
                        e -> assertThat(e.refusal()).isEqualTo(SignatureRefusal.SIGNATURE_MALFORMED));
    }

    @Test
    void serialisingIsCanonical() {
        assertThat(StructuredFields.serializeBare(new BigDecimal("2.50"))).isEqualTo("2.5");
        assertThat(StructuredFields.serializeBare(new BigDecimal("3"))).isEqualTo("3.0");
        assertThat(StructuredFields.serializeBare("a \"q\" \\")).isEqualTo("\"a \\\"q\\\" \\\\\"");
        assertThat(StructuredFields.serializeParameters(Map.of("req", true))).isEqualTo(";req");
        assertThatThrownBy(() -> StructuredFields.serializeBare("\u00e9")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Object[] values(Map<String, StructuredFields.Member> members) {
        return members.values().stream()
                .map(member -> ((StructuredFields.Item) member).value())
                .toArray();
    }
}
