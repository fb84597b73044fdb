package io.fapiao.protocol.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hand-written {@link BillReader} against the Jackson binding it replaced
 * ({@code Json.read(json, Bill.class)}, still the reference): on valid and mutated bill documents
 * both give the same bill, or both refuse with the same code. Mutations: a member removed, renamed,
 * repeated or added; a value replaced by every JSON type; a null or scalar array element; and raw
 * byte edits (flips, deletions, truncation, trailing content). Each document is also given to the
 * fast path, {@link CanonicalBillReader}, which must either decline it or read the same bill; the
 * documents are written both in the binding's member order and canonically, so that both readers
 * see mutations of the form the fast path takes.
 */
class BillReaderProperties {
    /** Values that probe every coercion Jackson might make. */
    private static final List<String> VALUES = List.of(
            "null",
            "0",
            "-0",
            "-1",
            "7",
            "1.5",
            "1e3",
            "2.0",
            "99999999999999999999",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "\"\"",
            "\" \"",
            "\"x\"",
            "\"123\"",
            "\"RESIDENT_ID\"",
            "true",
            "false",
            "[]",
            "[null]",
            "[1]",
            "[\"a\"]",
            "{}",
            "{\"name\":\"x\"}",
            "{\"fundPaid\":0,\"personalAccount\":0,\"personalCash\":0}",
            "[{}]",
            "{\"a\":1}");

    @Provide
    Arbitrary<Bill> bills() {
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Arbitraries.oneOf(
                seeds.map(seed -> SampleBills.outpatient(seed, SampleBills.uscc(~seed))),
                seeds.map(seed -> SampleBills.inpatient(seed, SampleBills.uscc(seed ^ 0x5A5A))));
    }

    @Property(tries = 300)
    void validBillsReadTheSame(@ForAll("bills") Bill bill) {
        assertSame(Json.mapper().writeValueAsBytes(bill));
        assertSame(bill.toCanonicalJson());
        assertThat(CanonicalBillReader.read(bill.toCanonicalJson())).isEqualTo(bill);
    }

    @Property(tries = 2000)
    void mutatedMembersReadTheSameOrFailTheSame(
            @ForAll("bills") Bill bill,
            @ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll @IntRange(min = 0, max = 4) int how,
            @ForAll @IntRange(min = 0, max = 1_000) int what) {
        ObjectNode tree = Json.mapper().valueToTree(bill);
        List<Slot> slots = new ArrayList<>();
        slots(tree, slots);
        Slot slot = slots.get(where % slots.size());
        String value = VALUES.get(what % VALUES.size());
        String duplicate = null;
        switch (how) {
            case 0 -> slot.replace(parse(value));
            case 1 -> slot.remove();
            case 2 ->
                slot.rename(
                        what % 2 == 0 || slot.name() == null
                                ? "extra"
                                : slot.name().toUpperCase());
            case 3 -> slot.insertBefore(parse(value));
            default -> duplicate = slot.name();
        }
        String text = duplicate == null ? tree.toString() : withDuplicate(tree, slot, value);
        assertSame(text.getBytes(StandardCharsets.UTF_8));
        if (duplicate == null) {
            byte[] canonical;
            try {
                canonical = CanonicalJson.encode(tree);
            } catch (IllegalArgumentException beyondJcs) {
                return; // an integer beyond 2^53 has no canonical form
            }
            assertSame(canonical);
        }
    }

    @Property(tries = 2000)
    void editedBytesReadTheSameOrFailTheSame(
            @ForAll("bills") Bill bill,
            @ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll @IntRange(min = 0, max = 4) int how,
            @ForAll @IntRange(min = 0, max = 255) int bits) {
        byte[] json = where % 2 == 0 ? bill.toCanonicalJson() : Json.mapper().writeValueAsBytes(bill);
        int at = where / 2 % json.length;
        byte[] edited = switch (how) {
            case 0 -> flip(json, at, bits == 0 ? 1 : bits);
            case 1 -> concat(slice(json, 0, at), slice(json, at + 1, json.length));
            case 2 -> slice(json, 0, at);
            case 3 -> concat(json, " {} x ".substring(bits % 4).getBytes(StandardCharsets.UTF_8));
            default -> concat(concat(slice(json, 0, at), new byte[] {(byte) bits}), slice(json, at, json.length));
        };
        assertSame(edited);
    }

    @Example
    void documentsThatAreNoBillFailTheSame() {
        for (String text : List.of(
                "",
                " ",
                "{",
                "}",
                "[]",
                "null",
                "null x",
                "\"bill\"",
                "{}{}",
                "1",
                "{}",
                "{\"total\":1}",
                "{\"total\":1,\"items\":[]}",
                "{\"total\":1,\"items\":null,\"payer\":null}",
                "{\"total\":1,\"insurance\":{}}",
                "{\"total\":1,\"items\":[{}]}",
                "{\"total\":1,\"items\":[{\"amount\":1}]}",
                "{\"total\":1,\"payer\":{}}",
                "{\"total\":1,\"payer\":\"\"}",
                "{\"total\":1,\"insurance\":\"\"}",
                "{\"total\":1,\"items\":\"\"}",
                "{\"total\":1,\"items\":{}}",
                "{\"total\":1} ",
                "\uFEFF{\"total\":1}",
                "{\"total\":1,\"total\":1}",
                "{\"total\":1,\"payer\":{\"name\":\"a\",\"name\":\"a\"}}",
                // canonical member order, where the fast path reads or declines
                "{\"items\":[],\"total\":1}",
                "{\"items\":[{}],\"total\":1}",
                "{\"items\":[null],\"total\":1}",
                "{\"items\":[{\"amount\":1},{\"amount\":2}],\"total\":3}",
                "{\"items\":[{\"amount\":1},],\"total\":1}",
                "{\"items\":[{\"amount\":1}{\"amount\":2}],\"total\":3}",
                "{\"payer\":{},\"total\":1}",
                "{\"payer\":null,\"total\":1}",
                "{\"total\":-0}",
                "{\"total\":01}",
                "{\"total\":1.0}",
                "{\"total\":1e3}",
                "{\"total\":-5}",
                "{\"total\":1234567890123456}",
                "{\"total\":123456789012345}",
                "{\"total\":1}x",
                "{\"total\":1}\n",
                "{\"total\":1,}",
                "{\"remarks\":\"a\\u0000b\",\"total\":1}",
                "{\"remarks\":\"\\u001f\\n\\t\\\"\\\\\",\"total\":1}",
                "{\"remarks\":\"\\u001F\",\"total\":1}",
                "{\"remarks\":\"\\u0041\",\"total\":1}",
                "{\"remarks\":\"\\/\",\"total\":1}",
                "{\"remarks\":\"\\x\",\"total\":1}",
                "{\"remarks\":\"\\u00\",\"total\":1}",
                "{\"remarks\":\"\uFFFD\",\"total\":1}",
                "{\"remarks\":\"\t\",\"total\":1}",
                "{\"insurance\":{\"fundPaid\":0,\"personalAccount\":0},\"total\":1}",
                "{\"insurance\":{\"fundPaid\":0,\"personalAccount\":0,\"personalCash\":0},\"total\":1}",
                "{\"billCode\":\"1\",\"billCode\":\"1\",\"total\":1}",
                "{\"billId\":\"1\",\"billCode\":\"1\",\"total\":1}")) {
            assertSame(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    // --- the comparison ---------------------------------------------------------------------------

    private static void assertSame(byte[] json) {
        Bill expected = null;
        ErrorCode expectedCode = null;
        try {
            expected = Json.read(json, Bill.class);
            if (expected == null) {
                expectedCode = ErrorCode.MALFORMED;
            }
        } catch (ProtocolException e) {
            expectedCode = e.code();
        }
        String shown = new String(json, StandardCharsets.UTF_8);
        Bill fast = CanonicalBillReader.read(json);
        if (fast != null) {
            assertThat(expectedCode)
                    .as("the fast path read what the binding refused: %s", shown)
                    .isNull();
            assertThat(fast).as(shown).isEqualTo(expected);
        }
        try {
            Bill actual = BillReader.read(json);
            if (expectedCode != null) {
                fail("the reader accepted what the binding refused with " + expectedCode + ": " + shown);
            }
            assertThat(actual).as(shown).isEqualTo(expected);
        } catch (ProtocolException e) {
            assertThat(e.code()).as("%s: %s", e.getMessage(), shown).isEqualTo(expectedCode);
        }
    }

    // --- mutations ------------------------------------------------------------------------------

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
                JsonNode value = object.remove(name);
                object.set(to, value);
            } else {
                remove();
            }
        }

        void insertBefore(JsonNode value) {
            if (parent instanceof ArrayNode array) {
                array.insert(index, value);
            } else {
                ((ObjectNode) parent).set("zz" + name, value);
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

    /** The tree's JSON with the slot's member written twice (the second time with {@code value} if odd). */
    private static String withDuplicate(JsonNode node, Slot slot, String value) {
        StringBuilder out = new StringBuilder();
        write(node, slot, value, out);
        return out.toString();
    }

    private static void write(JsonNode node, Slot slot, String value, StringBuilder out) {
        if (node instanceof ObjectNode object) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                int times = object == slot.parent() && member.getKey().equals(slot.name()) ? 2 : 1;
                for (int i = 0; i < times; i++) {
                    out.append(first ? "" : ",")
                            .append(Json.mapper().writeValueAsString(member.getKey()))
                            .append(':');
                    if (i == 1 && value.length() % 2 == 1) {
                        out.append(value);
                    } else {
                        write(member.getValue(), slot, value, out);
                    }
                    first = false;
                }
            }
            out.append('}');
        } else if (node instanceof ArrayNode array) {
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(array.get(i), slot, value, out);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    private static JsonNode parse(String json) {
        return Json.mapper().readTree(json);
    }

    private static byte[] flip(byte[] json, int at, int bits) {
        byte[] copy = json.clone();
        copy[at] ^= (byte) bits;
        return copy;
    }

    private static byte[] slice(byte[] json, int from, int to) {
        return java.util.Arrays.copyOfRange(json, Math.min(from, json.length), Math.min(to, json.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
