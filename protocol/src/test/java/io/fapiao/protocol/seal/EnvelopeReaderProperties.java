package io.fapiao.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.TestPki;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The streaming {@link EnvelopeReader} against the tree parse and bind it replaced (kept here as
 * {@link #treeRead}, the reference): on the wire forms of both suites, mutated member by member
 * and byte by byte, both give the same envelope or fail with the same code, in the same order of
 * checks (JSON, version, suite, shape). One difference is intended: the binding read a JSON number
 * or boolean where a string belongs as its text, the reader refuses it (MALFORMED); those mutations
 * are checked to be refused. Every document is also given to the fast path,
 * {@link CanonicalEnvelopeReader}, which must decline it or read the same, complete envelope.
 */
class EnvelopeReaderProperties {
    private static final List<String> VALUES = List.of(
            "null",
            "0",
            "1",
            "2",
            "-1",
            "1.0",
            "1e0",
            "4000000000",
            "\"\"",
            "\"1\"",
            "\"INTL\"",
            "\"GM\"",
            "\"RSA\"",
            "\"AAAA\"",
            "\"AAAA====\"",
            "\"AB\"",
            "true",
            "[]",
            "[null]",
            "[{}]",
            "{}",
            "{\"a\":1}");
    private static final Map<CryptoSuite, byte[]> WIRE =
            Map.of(CryptoSuite.INTL, wire(CryptoSuite.INTL), CryptoSuite.GM, wire(CryptoSuite.GM));

    private static byte[] wire(CryptoSuite suite) {
        TestPki pki = TestPki.of(suite);
        try {
            return BillSealer.seal(
                            SampleBills.outpatient(3, SampleBills.uscc(3)),
                            pki.hospital().signer(),
                            pki.recipients())
                    .toJson();
        } catch (ProtocolException e) {
            throw new IllegalStateException(e);
        }
    }

    @Example
    void bothSuitesReadTheSame() {
        for (byte[] wire : WIRE.values()) {
            assertSame(wire);
            assertThat(CanonicalEnvelopeReader.read(wire))
                    .as("the fast path reads the canonical wire form")
                    .isNotNull();
        }
    }

    @Example
    void anotherVersionOrSuiteIsLeftToTheGeneralReader() {
        for (byte[] wire : WIRE.values()) {
            String json = new String(wire, StandardCharsets.UTF_8);
            for (String variant : List.of(
                    json.replace("\"version\":1", "\"version\":2"),
                    json.replace("\"version\":1", "\"version\":01"),
                    json.replace("\"suite\":\"", "\"suite\":\"X"))) {
                byte[] bytes = variant.getBytes(StandardCharsets.UTF_8);
                assertThat(CanonicalEnvelopeReader.read(bytes)).as(variant).isNull();
                assertSame(bytes);
            }
        }
    }

    @Example
    void aRepeatedMemberAnywhereComesBeforeTheVersion() {
        for (byte[] wire : WIRE.values()) {
            String json = new String(wire, StandardCharsets.UTF_8).replace("\"version\":1", "\"version\":2");
            assertSame(json.replaceFirst("\\{\"header\":\\{", "{\"x\":{\"a\":1,\"a\":2},\"header\":{")
                    .getBytes(StandardCharsets.UTF_8));
            assertSame(json.replaceFirst("\\{\"header\":\\{", "{\"header\":{\"billId\":\"dup\",")
                    .getBytes(StandardCharsets.UTF_8));
            assertSame(json.replaceFirst("\\{\"header\":\\{", "{\"x\":{},\"header\":{")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    @Property(tries = 1500)
    void mutatedMembersReadTheSameOrFailTheSame(
            @ForAll boolean gm,
            @ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll @IntRange(min = 0, max = 3) int how,
            @ForAll @IntRange(min = 0, max = 1_000) int what) {
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(WIRE.get(gm ? CryptoSuite.GM : CryptoSuite.INTL));
        List<Slot> slots = new ArrayList<>();
        slots(tree, slots);
        Slot slot = slots.get(where % slots.size());
        JsonNode value = Json.mapper().readTree(VALUES.get(what % VALUES.size()));
        switch (how) {
            case 0 -> slot.replace(value);
            case 1 -> slot.remove();
            case 2 -> slot.rename("extra");
            default -> slot.add(value);
        }
        byte[] json = tree.toString().getBytes(StandardCharsets.UTF_8);
        if (how == 0 && (value.isNumber() || value.isBoolean()) && isStringField(slot)) {
            assertRefusedByReader(json);
        } else {
            assertSame(json);
        }
    }

    @Property(tries = 1500)
    void editedBytesReadTheSameOrFailTheSame(
            @ForAll boolean gm,
            @ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll @IntRange(min = 0, max = 3) int how,
            @ForAll @IntRange(min = 1, max = 255) int bits) {
        byte[] json = WIRE.get(gm ? CryptoSuite.GM : CryptoSuite.INTL);
        int at = where % json.length;
        byte[] edited;
        if (how == 0) {
            edited = json.clone();
            edited[at] ^= (byte) bits;
        } else if (how == 1) {
            edited = new byte[json.length - 1];
            System.arraycopy(json, 0, edited, 0, at);
            System.arraycopy(json, at + 1, edited, at, json.length - at - 1);
        } else if (how == 2) {
            edited = java.util.Arrays.copyOf(json, at);
        } else {
            edited = (new String(json, StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);
        }
        assertSame(edited);
    }

    private static boolean isStringField(Slot slot) {
        return slot.name() != null
                && !slot.name().equals("version")
                && !(slot.parent() instanceof ArrayNode)
                && !List.of("header", "signer", "payload", "recipients").contains(slot.name());
    }

    private static void assertRefusedByReader(byte[] json) {
        assertThat(CanonicalEnvelopeReader.read(json)).isNull();
        try {
            EnvelopeReader.read(json).requireComplete();
            fail("a number or boolean was read as a string: " + new String(json, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            assertThat(e.code()).isIn(ErrorCode.MALFORMED, ErrorCode.UNSUPPORTED_SUITE);
        }
    }

    private static void assertSame(byte[] json) {
        SealedBill expected = null;
        ErrorCode expectedCode = null;
        try {
            expected = treeRead(json);
        } catch (ProtocolException e) {
            expectedCode = e.code();
        } catch (RuntimeException e) {
            expectedCode = ErrorCode.MALFORMED; // the old path let some shapes through as unchecked exceptions
        }
        String shown = new String(json, StandardCharsets.UTF_8);
        SealedBill fast = CanonicalEnvelopeReader.read(json);
        if (fast != null) {
            assertThat(expectedCode)
                    .as("the fast path read what the tree read refused: %s", shown)
                    .isNull();
            assertThat(fast).as(shown).isEqualTo(expected);
        }
        try {
            SealedBill actual = EnvelopeReader.read(json);
            actual.requireComplete();
            if (expectedCode != null) {
                fail("the reader accepted what the tree read refused with " + expectedCode + ": " + shown);
            }
            assertThat(actual).as(shown).isEqualTo(expected);
        } catch (ProtocolException e) {
            assertThat(e.code()).as("%s: %s", e.getMessage(), shown).isEqualTo(expectedCode);
        }
    }

    /** The previous {@code SealedBill.fromJson}: a strict tree, version and suite, then a bind. */
    static SealedBill treeRead(byte[] json) throws ProtocolException {
        JsonNode tree = Json.readTree(json);
        JsonNode header = tree.get("header");
        if (header == null || !header.isObject()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "field header is missing or not an object");
        }
        JsonNode version = header.get("version");
        if (version == null || !version.isIntegralNumber()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "field header.version is missing or not an integer");
        }
        if (!version.canConvertToInt() || version.intValue() != SealedBillHeader.VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "format version " + version);
        }
        JsonNode suite = header.get("suite");
        if (suite == null || !suite.isString()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "field header.suite is missing or not a string");
        }
        CryptoSuite.named(suite.stringValue());
        SealedBill sealed = Json.bind(tree, SealedBill.class);
        sealed.requireComplete();
        return sealed;
    }

    /** A member of an object or an element of an array, somewhere in the tree. */
    private record Slot(JsonNode parent, String name, int index) {
        void replace(JsonNode value) {
            if (parent instanceof ObjectNode object) {
                object.set(name, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode object) {
                object.remove(name);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }

        void rename(String to) {
            if (parent instanceof ObjectNode object) {
                object.set(to, object.remove(name));
            } else {
                remove();
            }
        }

        void add(JsonNode value) {
            if (parent instanceof ArrayNode array) {
                array.insert(index, value);
            } else {
                ((ObjectNode) parent).set("x" + name, value);
            }
        }
    }

    private static void slots(JsonNode node, List<Slot> out) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                out.add(new Slot(object, member.getKey(), -1));
                slots(member.getValue(), out);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                out.add(new Slot(array, null, i));
                slots(array.get(i), out);
            }
        }
    }
}
