package io.fapiao.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.ProtocolException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class CanonicalJsonProperties {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long TWO_TO_53 = 1L << 53;

    @Property
    void canonicalizingIsIdempotent(@ForAll("trees") JsonNode tree) throws ProtocolException {
        byte[] canonical = CanonicalJson.encode(tree);

        assertThat(CanonicalJson.canonicalize(canonical)).isEqualTo(canonical);
    }

    @Property
    void theCanonicalFormReadsBackAsTheSameValue(@ForAll("trees") JsonNode tree) {
        byte[] canonical = CanonicalJson.encode(tree);

        JsonNode reread = Json.mapper().readTree(canonical);
        assertThat(sameValue(tree, reread))
                .as("%s read back as %s", tree, reread)
                .isTrue();
    }

    @Property
    void memberOrderWhitespaceEscapesAndNumberSpellingDoNotMatter(@ForAll("trees") JsonNode tree, @ForAll Random random)
            throws ProtocolException {
        String spelling = new Spelling(random).of(tree);

        assertThat(CanonicalJson.canonicalize(spelling.getBytes(UTF_8)))
                .as("canonical form of %s", spelling)
                .isEqualTo(CanonicalJson.encode(tree));
    }

    @Property
    void theCanonicalFormHasNoInsignificantWhitespace(@ForAll("trees") JsonNode tree) {
        String canonical = new String(CanonicalJson.encode(tree), UTF_8);

        boolean inString = false;
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            assertThat(c).as("raw control character at %d of %s", i, canonical).isGreaterThanOrEqualTo(' ');
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else {
                assertThat(c).as("whitespace at %d of %s", i, canonical).isNotEqualTo(' ');
                inString = c == '"';
            }
        }
    }

    /**
     * Checks ECMAScript's Number::toString from its definition rather than from a second
     * implementation: the fewest significant digits that still read back as the same double, the
     * nearest such decimal (on a tie, the one ending in an even digit), and exponent form exactly
     * outside [10^-6, 10^21).
     */
    @Property(tries = 5000)
    void numbersAreTheShortestNearestDecimalInEcmaScriptLayout(@ForAll("finiteDoubles") double value) {
        String text = new String(CanonicalJson.encode(NODES.numberNode(value)), UTF_8);
        String bits = HexFormat.of().toHexDigits(Double.doubleToRawLongBits(value));

        BigDecimal printed = new BigDecimal(text);
        assertThat(printed.doubleValue() == value)
                .as("%s (%s) reads back", text, bits)
                .isTrue();
        if (value == 0) {
            assertThat(text).isEqualTo("0");
            return;
        }
        BigDecimal exact = new BigDecimal(value);
        int digits = printed.stripTrailingZeros().precision();
        assertThat(fitting(exact, digits - 1, value))
                .as("%s (%s) has a shorter form", text, bits)
                .isEmpty();
        BigDecimal nearest = fitting(exact, digits, value).stream()
                .min(Comparator.comparing((BigDecimal candidate) ->
                                candidate.subtract(exact).abs())
                        .thenComparing(candidate ->
                                candidate.stripTrailingZeros().unscaledValue().testBit(0)))
                .orElseThrow();
        assertThat(printed)
                .as("%s (%s) is the nearest of its length", text, bits)
                .isEqualByComparingTo(nearest);

        BigDecimal magnitude = printed.abs();
        boolean plain =
                magnitude.compareTo(new BigDecimal("1e-6")) >= 0 && magnitude.compareTo(new BigDecimal("1e21")) < 0;
        assertThat(text)
                .as("layout of %s", bits)
                .matches(plain ? "-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?" : "-?[1-9](\\.[0-9]*[1-9])?e[+-][1-9][0-9]*");
    }

    /** The decimals of {@code digits} significant digits either side of x that read back as x. */
    private static List<BigDecimal> fitting(BigDecimal exact, int digits, double x) {
        if (digits < 1) {
            return List.of();
        }
        return Stream.of(RoundingMode.FLOOR, RoundingMode.CEILING)
                .map(mode -> exact.round(new MathContext(digits, mode)))
                .filter(candidate -> candidate.doubleValue() == x)
                .toList();
    }

    // ---- generators ----------------------------------------------------------------------

    @Provide
    Arbitrary<JsonNode> trees() {
        return Arbitraries.recursive(this::scalars, this::containersOf, 0, 4);
    }

    private Arbitrary<JsonNode> containersOf(Arbitrary<JsonNode> inner) {
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(elements -> {
            ArrayNode array = NODES.arrayNode();
            elements.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Arbitraries.maps(strings(), inner)
                .ofMaxSize(5)
                .map(members -> {
                    ObjectNode object = NODES.objectNode();
                    members.forEach(object::set);
                    return object;
                });
        return Arbitraries.oneOf(arrays, objects);
    }

    private Arbitrary<JsonNode> scalars() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, strings().map(NODES::stringNode)),
                Tuple.of(2, Arbitraries.longs().between(-TWO_TO_53, TWO_TO_53).map(NODES::numberNode)),
                Tuple.of(3, finiteDoubles().map(NODES::numberNode)),
                Tuple.of(
                        1,
                        Arbitraries.<JsonNode>of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode())));
    }

    /** Valid Unicode only: JSON text cannot carry a lone surrogate, so it is no input here. */
    @Provide
    Arbitrary<String> strings() {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0x20, 0x7e)),
                Tuple.of(2, Arbitraries.integers().between(0, 0x1f)),
                Tuple.of(
                        2,
                        Arbitraries.of((int) '"', (int) '\\', (int) '/', 0x7f, 0x80, 0x2028, 0x2029, 0xfeff, 0xffff)),
                Tuple.of(
                        2,
                        Arbitraries.integers()
                                .between(0x80, 0xffff)
                                .filter(c -> !Character.isSurrogate((char) (int) c))),
                Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)));
        return codePoints.list().ofMaxSize(6).map(list -> {
            StringBuilder text = new StringBuilder();
            list.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    @Provide
    Arbitrary<Double> finiteDoubles() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)),
                Tuple.of(
                        3,
                        Combinators.combine(
                                        Arbitraries.longs().between(-9_999_999_999L, 9_999_999_999L),
                                        Arbitraries.integers().between(-335, 310))
                                .as((mantissa, exponent) -> Double.parseDouble(mantissa + "e" + exponent))
                                .filter(Double::isFinite)),
                Tuple.of(2, Arbitraries.longs().between(0, 4096).map(Double::longBitsToDouble)),
                Tuple.of(1, Arbitraries.doubles()),
                Tuple.of(
                        1,
                        Arbitraries.of(
                                0.0,
                                -0.0,
                                Double.MIN_VALUE,
                                -Double.MIN_NORMAL,
                                Double.MAX_VALUE,
                                1e21,
                                1e-6,
                                1e-7,
                                0x1p53,
                                0x1p53 + 2,
                                999999999999999900000.0)));
    }

    // ---- helpers -------------------------------------------------------------------------

    /** JSON equality, with every number compared as the double JCS turns it into. */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return false;
        }
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                if (!sameValue(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject()) {
            for (Map.Entry<String, JsonNode> member : a.properties()) {
                JsonNode other = b.get(member.getKey());
                if (other == null || !sameValue(member.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Writes a tree as JSON in one of the many non-canonical ways a sender might. */
    private static final class Spelling {
        private static final String[] SHORT_ESCAPES = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"};
        private static final String SHORT_ESCAPED = "\"\\/\b\f\n\r\t";

        private final Random random;
        private final StringBuilder out = new StringBuilder();

        Spelling(Random random) {
            this.random = random;
        }

        String of(JsonNode tree) {
            space();
            write(tree);
            space();
            return out.toString();
        }

        private void write(JsonNode node) {
            if (node.isObject()) {
                List<String> names = new ArrayList<>(node.propertyNames());
                Collections.shuffle(names, random);
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    separator(i);
                    string(names.get(i));
                    space();
                    out.append(':');
                    space();
                    write(node.get(names.get(i)));
                }
                space();
                out.append('}');
            } else if (node.isArray()) {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    separator(i);
                    write(node.get(i));
                }
                space();
                out.append(']');
            } else if (node.isString()) {
                string(node.stringValue());
            } else if (node.isIntegralNumber()) {
                integer(node.longValue());
            } else if (node.isNumber()) {
                decimal(node.doubleValue());
            } else {
                out.append(node);
            }
        }

        private void separator(int index) {
            space();
            if (index > 0) {
                out.append(',');
                space();
            }
        }

        private void space() {
            for (int n = random.nextInt(3); n > 0; n--) {
                out.append(" \t\n\r".charAt(random.nextInt(4)));
            }
        }

        private void string(String value) {
            out.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                int shortForm = SHORT_ESCAPED.indexOf(c);
                if (Character.isHighSurrogate(c)) {
                    char low = value.charAt(++i);
                    if (random.nextBoolean()) {
                        out.append(c).append(low);
                    } else {
                        unicodeEscape(c);
                        unicodeEscape(low);
                    }
                } else if (shortForm >= 0 && random.nextBoolean()) {
                    out.append(SHORT_ESCAPES[shortForm]);
                } else if (c < 0x20 || c == '"' || c == '\\' || random.nextInt(4) == 0) {
                    unicodeEscape(c);
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }

        private void unicodeEscape(char c) {
            String hex = String.format("%04x", (int) c);
            out.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
        }

        private void integer(long value) {
            switch (random.nextInt(5)) {
                case 0 -> out.append(value).append(".0");
                case 1 -> out.append(value).append(random.nextBoolean() ? "e0" : "E+0");
                case 2 -> out.append(value * 10).append("e-1");
                case 3 -> out.append(value == 0 ? "-0" : Long.toString(value));
                default -> out.append(value);
            }
        }

        private void decimal(double value) {
            String exact = new BigDecimal(value).toString();
            switch (random.nextInt(4)) {
                case 0 -> out.append(Double.toString(value));
                // Every digit of the binary value; as a bare integer it would be an integer literal.
                case 1 -> out.append(exact.contains(".") || exact.contains("E") ? exact : exact + ".0");
                case 2 -> out.append(String.format(Locale.ROOT, "%.17e", value));
                default ->
                    out.append(new String(CanonicalJson.encode(NODES.numberNode(value)), UTF_8)
                            .replace("e", random.nextBoolean() ? "e" : "E"));
            }
        }
    }
}
