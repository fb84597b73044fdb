package io.fapiao.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class CanonicalJsonTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    record Party(String name, String taxId) {}

    record Line(String item, long quantity, double unitPrice, List<String> tags) {}

    record Invoice(
            String number, Party seller, List<Line> lines, Map<String, String> notes, Boolean paid, String memo) {}

    record Measured(double value) {}

    record Counted(long value) {}

    record Blob(byte[] data) {}

    // ---- numbers -------------------------------------------------------------------------

    /** RFC 8785 Appendix B, "Number Serialization Samples". */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0000000000000000 | 0
            8000000000000000 | 0
            0000000000000001 | 5e-324
            8000000000000001 | -5e-324
            7fefffffffffffff | 1.7976931348623157e+308
            ffefffffffffffff | -1.7976931348623157e+308
            4340000000000000 | 9007199254740992
            c340000000000000 | -9007199254740992
            4430000000000000 | 295147905179352830000
            44b52d02c7e14af5 | 9.999999999999997e+22
            44b52d02c7e14af6 | 1e+23
            44b52d02c7e14af7 | 1.0000000000000001e+23
            444b1ae4d6e2ef4e | 999999999999999700000
            444b1ae4d6e2ef4f | 999999999999999900000
            444b1ae4d6e2ef50 | 1e+21
            3eb0c6f7a0b5ed8c | 9.999999999999997e-7
            3eb0c6f7a0b5ed8d | 0.000001
            41b3de4355555553 | 333333333.3333332
            41b3de4355555554 | 333333333.33333325
            41b3de4355555555 | 333333333.3333333
            41b3de4355555556 | 333333333.3333334
            41b3de4355555557 | 333333333.33333343
            becbf647612f3696 | -0.0000033333333333333333
            43143ff3c1cb0959 | 1424953923781206.2
            """)
    void serializesTheNumberSamplesOfAppendixB(String bits, String expected) throws ProtocolException {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

        assertThat(text(CanonicalJson.encode(NODES.numberNode(value)))).isEqualTo(expected);
        // The same double reached through its shortest Java text must print the same.
        assertThat(text(CanonicalJson.canonicalize(bytes(Double.toString(value)))))
                .isEqualTo(expected);
    }

    /** Exactly halfway between the two nearest shortest decimals: ECMAScript takes the even digit. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            4310000000000001 | 1125899906842624.2
            4310000000000003 | 1125899906842624.8
            4310000000000005 | 1125899906842625.2
            c310000000000007 | -1125899906842625.8
            c31ffffffffffffd | -2251799813685247.2
            """)
    void breaksTiesTowardAnEvenDigit(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

        assertThat(text(CanonicalJson.encode(NODES.numberNode(value)))).isEqualTo(expected);
    }

    /** NaN and the infinities of Appendix B have no JSON form. */
    @ParameterizedTest
    @ValueSource(strings = {"7fffffffffffffff", "7ff0000000000000", "fff0000000000000"})
    void refusesNaNAndInfinities(String bits) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

        assertThatThrownBy(() -> CanonicalJson.encode(NODES.numberNode(value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN or beyond");
        assertThatThrownBy(() -> CanonicalJson.encode(new Measured(value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/value");
    }

    /** Outputs of Node's Number.prototype.toString, see ecmascript-numbers.js. */
    @Test
    void agreesWithEcmaScriptOnThousandsOfNumbers() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String line : resource("ecmascript-numbers.txt").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(" ");
            double value = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
            String actual = text(CanonicalJson.encode(NODES.numberNode(value)));
            if (!actual.equals(parts[1])) {
                mismatches.add(parts[0] + ": expected " + parts[1] + " but was " + actual);
            }
            checked++;
        }

        assertThat(checked).isGreaterThan(4000);
        assertThat(mismatches).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            -0                          | 0
            -0.0                        | 0
            0e10                        | 0
            4.50                        | 4.5
            1E30                        | 1e+30
            2e-3                        | 0.002
            1e-400                      | 0
            100e-2                      | 1
            0.000000000000000000000000001 | 1e-27
            333333333.33333329          | 333333333.3333333
            9007199254740993.0          | 9007199254740992
            9007199254740993.000000000001 | 9007199254740994
            9007199254740992            | 9007199254740992
            -9007199254740992           | -9007199254740992
            295147905179352830000       | 295147905179352830000
            1000000000000000000000      | 1e+21
            """)
    void parsesNumbersWithoutLosingPrecisionBeforeTheDoubleConversion(String input, String expected)
            throws ProtocolException {
        assertThat(text(CanonicalJson.canonicalize(bytes(input)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "-1e400", "[1, 1.8e308]"})
    void refusesNumbersBeyondTheDoubleRange(String input) {
        assertMalformed(input, "beyond the IEEE 754 double range");
    }

    @Test
    void refusesJavaIntegersBeyondTwoToTheFiftyThird() {
        long limit = 1L << 53;

        assertThat(text(CanonicalJson.encode(new Counted(limit)))).isEqualTo("{\"value\":9007199254740992}");
        assertThat(text(CanonicalJson.encode(new Counted(-limit)))).isEqualTo("{\"value\":-9007199254740992}");
        for (long tooLarge : new long[] {limit + 1, -limit - 1, limit + 2, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThatThrownBy(() -> CanonicalJson.encode(new Counted(tooLarge)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2^53")
                    .hasMessageContaining("/value");
        }
        assertThatThrownBy(() -> CanonicalJson.encode(NODES.numberNode(BigInteger.TEN.pow(30))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A literal whose canonical form would name another integer is refused, not rounded. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "9007199254740993",
                "-9007199254740993",
                "295147905179352825856",
                "18446744073709551615",
                "{\"id\": [12345678901234567891]}"
            })
    void refusesIntegerLiteralsThatCanonicalizingWouldChange(String input) {
        assertMalformed(input, "would change it");
    }

    // ---- strings -------------------------------------------------------------------------

    @Test
    void escapesEveryControlCharacterAsRfc8785Says() {
        String[] expected = {
            "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
            "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f",
            "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
            "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f"
        };
        for (char c = 0; c < 0x20; c++) {
            assertThat(text(CanonicalJson.encode(NODES.stringNode(String.valueOf(c)))))
                    .as("U+%04X", (int) c)
                    .isEqualTo("\"" + expected[c] + "\"");
        }
    }

    @Test
    void escapesQuoteAndBackslashAndNothingElse() {
        String literal = " !#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~\u007f\u0080\u00a0\u00e9\u2028\u2029\ufeff\uffff"
                + "\u20ac\ud83d\ude00";

        assertThat(text(CanonicalJson.encode(NODES.stringNode(literal)))).isEqualTo("\"" + literal + "\"");
        assertThat(text(CanonicalJson.encode(NODES.stringNode("a\"b\\c")))).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void undoesNeedlessEscapesInInput() throws ProtocolException {
        String input = "\"\\u00e9\\/\\u0041\\u20AC\\ud83d\\ude00\\u2028\\u007f\\u001F\\u0022\\u005c\"";

        assertThat(text(CanonicalJson.canonicalize(bytes(input)))).isEqualTo("\"é/A€😀\u2028\u007f\\u001f\\\"\\\\\"");
    }

    @Test
    void refusesLoneSurrogates() {
        assertThatThrownBy(() -> CanonicalJson.encode(NODES.stringNode("a\ud800")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate U+D800");
        assertThatThrownBy(() -> CanonicalJson.encode(NODES.stringNode("\udc00b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate U+DC00");
        assertThatThrownBy(() -> CanonicalJson.encode(NODES.objectNode().put("\ude00\ud83d", 1)))
                .isInstanceOf(IllegalArgumentException.class);

        assertMalformed("{\"a\": [1, {\"b\": \"x\\ud800\"}]}", "lone surrogate U+D800 at index 1 (at /a/1/b)");
        assertMalformed("[\"\\udc00\\ud800\"]", "lone surrogate U+DC00");
    }

    // ---- structure -----------------------------------------------------------------------

    @Test
    void matchesTheRfc8785ValuesExample() throws Exception {
        assertThat(text(CanonicalJson.canonicalize(bytes(resource("rfc8785-values.input.json")))))
                .isEqualTo(resource("rfc8785-values.expected.json"));
    }

    /** RFC 8785 §3.2.3: names sort by UTF-16 code units, whatever their scripts. */
    @Test
    void matchesTheRfc8785SortingExample() throws Exception {
        String expected = resource("rfc8785-sorting.expected.json");

        assertThat(text(CanonicalJson.canonicalize(bytes(resource("rfc8785-sorting.input.json")))))
                .isEqualTo(expected);

        ObjectNode built = NODES.objectNode();
        built.put("€", "Euro Sign");
        built.put("\r", "Carriage Return");
        built.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        built.put("1", "One");
        built.put("😀", "Emoji: Grinning Face");
        built.put("\u0080", "Control");
        built.put("ö", "Latin Small Letter O With Diaeresis");
        assertThat(text(CanonicalJson.encode(built))).isEqualTo(expected);
    }

    /** U+10000 is D800 DC00 in UTF-16, so it sorts before U+FFFF although its code point is higher. */
    @Test
    void sortsByCodeUnitsNotCodePoints() {
        ObjectNode node = NODES.objectNode();
        node.put("\uffff", 1);
        node.put("\ud800\udc00", 2);
        node.put("\ue000", 3);
        node.put("", 4);
        node.put("aa", 5);
        node.put("a", 6);
        node.put("B", 7);

        assertThat(text(CanonicalJson.encode(node)))
                .isEqualTo("{\"\":4,\"B\":7,\"a\":6,\"aa\":5,\"\ud800\udc00\":2,\"\ue000\":3,\"\uffff\":1}");
    }

    @Test
    void sortsEveryNestedObjectAndKeepsArrayOrder() throws ProtocolException {
        String input = """
                { "b" : [ { "z" : 1, "a" : [ ] }, { }, [ 3, 2, 1 ] ],
                  "a" : { "y" : { "x" : null, "w" : false }, "c" : true } }
                """;

        assertThat(text(CanonicalJson.canonicalize(bytes(input))))
                .isEqualTo("{\"a\":{\"c\":true,\"y\":{\"w\":false,\"x\":null}},\"b\":[{\"a\":[],\"z\":1},{},[3,2,1]]}");
    }

    @Test
    void acceptsAnyValueAtTheTop() throws ProtocolException {
        assertThat(text(CanonicalJson.canonicalize(bytes(" \"x\" ")))).isEqualTo("\"x\"");
        assertThat(text(CanonicalJson.canonicalize(bytes("\ttrue\n")))).isEqualTo("true");
        assertThat(text(CanonicalJson.canonicalize(bytes("null")))).isEqualTo("null");
        assertThat(text(CanonicalJson.canonicalize(bytes("[ ]")))).isEqualTo("[]");
    }

    // ---- records -------------------------------------------------------------------------

    private static final Invoice INVOICE = new Invoice(
            "INV-001",
            new Party("Ācme Ltd", "91310000"),
            List.of(new Line("Widget €", 3, 2.5, List.of("a", "b")), new Line("Bolt\n", 10, 0.1, List.of())),
            orderedMap("z", "last", "a", "first"),
            true,
            null);

    private static final String INVOICE_CANONICAL = "{\"lines\":["
            + "{\"item\":\"Widget €\",\"quantity\":3,\"tags\":[\"a\",\"b\"],\"unitPrice\":2.5},"
            + "{\"item\":\"Bolt\\n\",\"quantity\":10,\"tags\":[],\"unitPrice\":0.1}],"
            + "\"notes\":{\"a\":\"first\",\"z\":\"last\"},\"number\":\"INV-001\",\"paid\":true,"
            + "\"seller\":{\"name\":\"Ācme Ltd\",\"taxId\":\"91310000\"}}";

    @Test
    void encodesARecordCanonicallyAndLeavesOutAbsentFields() {
        assertThat(text(CanonicalJson.encode(INVOICE))).isEqualTo(INVOICE_CANONICAL);
        assertThat(CanonicalJson.encode(Json.mapper().valueToTree(INVOICE))).isEqualTo(CanonicalJson.encode(INVOICE));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                """
        {"number":"INV-001","seller":{"name":"Ācme Ltd","taxId":"91310000"},"lines":[{"item":"Widget €","quantity":3,\
        "unitPrice":2.5,"tags":["a","b"]},{"item":"Bolt\\n","quantity":10,"unitPrice":0.1,"tags":[]}],\
        "notes":{"z":"last","a":"first"},"paid":true}""",
                """

        {
          "seller" : { "taxId" : "91310000", "name" : "\\u0100cme Ltd" },
          "paid" : true,
          "number" : "INV\\u002d001",
          "notes" : { "z" : "last", "a" : "first" },
          "lines" : [
            { "unitPrice" : 25e-1, "tags" : [ "a" , "b" ], "quantity" : 3, "item" : "Widget \\u20AC" },
            {"tags":[],"unitPrice":0.100000000000000000001,"quantity":1.0E1,"item":"Bolt\\u000A"}
          ]
        }
        """,
                "\r\n{\"paid\":true,\t\"notes\":{\"a\":\"first\",\"z\":\"last\"},\"lines\":[{\"tags\":[\"a\",\"b\"],"
                        + "\"item\":\"Widget €\",\"unitPrice\":2.50,\"quantity\":3.0},{\"unitPrice\":1e-1,\"item\":\"Bolt\\n\","
                        + "\"tags\":[],\"quantity\":10}],\"seller\":{\"taxId\":\"91310000\",\"name\":\"Ācme Ltd\"},"
                        + "\"number\":\"INV-001\"}\r\n"
            })
    void encodingARecordEqualsCanonicalizingAnySpellingOfIt(String spelling) throws ProtocolException {
        assertThat(CanonicalJson.canonicalize(bytes(spelling))).isEqualTo(CanonicalJson.encode(INVOICE));
    }

    @Test
    void refusesValuesWithoutAJsonForm() {
        assertThatThrownBy(() -> CanonicalJson.encode(new Blob(new byte[] {1, 2})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/data");
        assertThatThrownBy(() -> CanonicalJson.encode(NODES.binaryNode(new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(NODES.missingNode()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(null)).isInstanceOf(NullPointerException.class);
    }

    // ---- refusals of malformed text ------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\":1,\"a\":2}",
                "{\"a\":1,\"\\u0061\":1}",
                "[{\"x\":{\"k\":true,\"k\":true}}]",
            })
    void refusesDuplicateNames(String input) {
        assertMalformed(input, "Duplicate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} x", "{}{}", "1 2", "[1]]", "\"a\" \"b\"", "null,", "{}\u0000"})
    void refusesTrailingContent(String input) {
        assertMalformed(input, "not a single JSON document");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "{",
                "[1,]",
                "{\"a\":1,}",
                "{'a':1}",
                "NaN",
                "Infinity",
                "+1",
                "01",
                "1.",
                ".5",
                "\"a\u0001\"",
                "\"\\x\"",
                "{a:1}",
                "[1 2]",
                "tru"
            })
    void refusesWhatIsNotJson(String input) {
        assertMalformed(input, "not a single JSON document");
    }

    @Test
    void refusesWhatIsNotUtf8() {
        byte[][] inputs = {
            {'"', (byte) 0xff, '"'}, // never valid in UTF-8
            {'"', (byte) 0xc0, (byte) 0x80, '"'}, // overlong NUL, which Jackson alone accepts
            {'"', (byte) 0xe0, (byte) 0x80, (byte) 0xaf, '"'}, // overlong '/'
            {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, // an encoded surrogate
            {'"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // beyond U+10FFFF
            {'"', (byte) 0xe2, (byte) 0x82, '"'}, // truncated sequence
            {'"', (byte) 0xe2, (byte) 0x82}, // truncated at the end
            {0, '1'}, // what Jackson would read as UTF-16
            "\"a\"".getBytes(java.nio.charset.StandardCharsets.UTF_16),
        };
        for (byte[] input : inputs) {
            ProtocolException e =
                    catchThrowableOfType(ProtocolException.class, () -> CanonicalJson.canonicalize(input));
            assertThat(e).as("%s", java.util.HexFormat.of().formatHex(input)).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        }
        assertMalformed(new byte[] {'[', '1', ',', (byte) 0xc3}, "invalid UTF-8 at byte offset 3");
        assertMalformed(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '1'}, "byte order mark");
    }

    @Test
    void saysWhereTheTextIsWrong() {
        assertMalformed("{\n  \"a\": 1,\n  \"a\": 2\n}", "line 3");
    }

    // ---- helpers -------------------------------------------------------------------------

    private static void assertMalformed(String input, String messagePart) {
        assertMalformed(bytes(input), messagePart);
    }

    private static void assertMalformed(byte[] input, String messagePart) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> CanonicalJson.canonicalize(input));
        assertThat(e).as("refusal of %s", new String(input, UTF_8)).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(e.getMessage()).contains(messagePart);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CanonicalJsonTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
