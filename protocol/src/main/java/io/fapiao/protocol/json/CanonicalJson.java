package io.fapiao.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * The JSON Canonicalization Scheme of RFC 8785: the one byte sequence that every party derives
 * from the same JSON value, so that digests and signatures over it agree. Members are sorted by
 * their UTF-16 code units, there is no whitespace, strings escape only what JSON requires, and
 * numbers are IEEE 754 doubles printed as ECMAScript prints them.
 *
 * <pre>{@code
 * byte[] signed = CanonicalJson.encode(bill);               // a record, POJO or JsonNode
 * byte[] same = CanonicalJson.canonicalize(receivedBytes);  // arbitrary JSON text
 * assert Arrays.equals(signed, same);                       // when both carry the same value
 * }</pre>
 *
 * <p>JCS treats every number as a double, so an integer is only safe while the double holds it
 * exactly: two different amounts or identifiers must never share one canonical form. Java
 * integers beyond ±2<sup>53</sup> are therefore refused rather than rounded; carry such values as
 * strings. Parsed text is judged by its value instead, see {@link #canonicalize(byte[])}.
 */
public final class CanonicalJson {
    private static final BigInteger MAX_EXACT_INTEGER = BigInteger.ONE.shiftLeft(53);

    // Keep every digit of a decimal literal until the single, correctly rounded conversion to
    // double, whatever Jackson's own double parsing would do with it.
    private static final ObjectReader TREE_READER =
            Json.mapper().readerFor(JsonNode.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Whether integers are judged as parsed text (see canonicalize) rather than as Java values. */
    private final boolean parsedText;

    private final CanonicalWriter out = new CanonicalWriter(1024);
    /** JSON Pointer segments of the node being written, so a refusal can say where. */
    private final Deque<String> path = new ArrayDeque<>();

    private CanonicalJson(boolean parsedText) {
        this.parsedText = parsedText;
    }

    /**
     * The canonical UTF-8 bytes of a record, POJO or {@link JsonNode}, as mapped by
     * {@link Json#mapper()}.
     *
     * @throws IllegalArgumentException if the value holds something JCS cannot represent: NaN or
     *     an infinity, a string with a lone surrogate, an integer beyond ±2<sup>53</sup>, or a
     *     binary or opaque Java object node
     */
    public static byte[] encode(Object value) {
        Objects.requireNonNull(value, "value");
        JsonNode tree = value instanceof JsonNode node ? node : Json.mapper().valueToTree(value);
        return new CanonicalJson(false).serialize(tree);
    }

    /**
     * Parses one JSON document strictly and returns its canonical form.
     *
     * <p>Numbers with a fraction or exponent become the nearest double, as JCS says. An integer
     * literal beyond ±2<sup>53</sup> is accepted only if its canonical form still denotes the
     * same integer (as {@code 295147905179352830000}, or anything JCS itself printed, does);
     * {@code 9007199254740993} is refused: it would come out as {@code 9007199254740992}, and a
     * signature over those bytes would then vouch for a number other than the one a reader sees.
     *
     * @throws ProtocolException {@link ErrorCode#MALFORMED} if the bytes are not UTF-8, not
     *     exactly one JSON document, repeat a member name, or hold a value JCS cannot represent:
     *     a number beyond the double range, an integer literal that would change, a lone surrogate
     */
    public static byte[] canonicalize(byte[] json) throws ProtocolException {
        Objects.requireNonNull(json, "json");
        JsonNode tree;
        try {
            tree = TREE_READER.readValue(decodeUtf8(json));
        } catch (JacksonException e) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED,
                    "not a single JSON document: " + e.getOriginalMessage() + at(e.getLocation()),
                    e);
        }
        try {
            return new CanonicalJson(true).serialize(tree);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, e.getMessage(), e);
        }
    }

    /**
     * Jackson would otherwise guess UTF-16 or UTF-32, skip a byte order mark and accept overlong
     * forms; RFC 8259 allows only UTF-8, and a canonical form must not hide byte-level variants.
     */
    private static String decodeUtf8(byte[] json) throws ProtocolException {
        CharsetDecoder decoder = UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(json);
        CharBuffer text = CharBuffer.allocate(json.length); // UTF-8 never yields more chars than bytes
        if (decoder.decode(in, text, true).isError() || decoder.flush(text).isError()) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED, "not a JSON document: invalid UTF-8 at byte offset " + in.position());
        }
        text.flip();
        if (text.length() > 0 && text.charAt(0) == '\uFEFF') {
            throw new ProtocolException(ErrorCode.MALFORMED, "not a JSON document: it starts with a byte order mark");
        }
        return text.toString();
    }

    private static String at(TokenStreamLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private byte[] serialize(JsonNode tree) {
        write(tree);
        return out.toByteArray();
    }

    private void write(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node);
            case ARRAY -> writeArray(node);
            case STRING -> writeString(node.stringValue());
            case NUMBER -> writeNumber(node);
            case BOOLEAN -> out.raw(node.booleanValue() ? "true" : "false");
            case NULL -> out.raw("null");
            // Jackson's own text for these (e.g. padded base64 for byte[]) is a choice the
            // protocol should make explicitly, with Base64Url.
            case BINARY, POJO, MISSING -> throw refuse("a " + node.getNodeType() + " node has no JSON form");
        }
    }

    private void writeObject(JsonNode node) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        // String.compareTo orders by UTF-16 code units, exactly what RFC 8785 §3.2.3 asks for.
        members.sort(Map.Entry.comparingByKey());
        out.raw('{');
        for (int i = 0; i < members.size(); i++) {
            Map.Entry<String, JsonNode> member = members.get(i);
            if (i > 0) {
                out.raw(',');
            }
            writeString(member.getKey());
            path.addLast(member.getKey().replace("~", "~0").replace("/", "~1"));
            out.raw(':');
            write(member.getValue());
            path.removeLast();
        }
        out.raw('}');
    }

    private void writeArray(JsonNode node) {
        out.raw('[');
        int index = 0;
        for (JsonNode element : node.values()) {
            if (index > 0) {
                out.raw(',');
            }
            path.addLast(Integer.toString(index++));
            write(element);
            path.removeLast();
        }
        out.raw(']');
    }

    /** RFC 8785 §3.2.2.2: escape only what JSON requires; everything else stays literal. */
    private void writeString(String value) {
        try {
            out.string(value);
        } catch (IllegalArgumentException e) {
            throw refuse(e.getMessage());
        }
    }

    private void writeNumber(JsonNode node) {
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (value.abs().compareTo(MAX_EXACT_INTEGER) <= 0) {
                out.raw(value.toString());
            } else if (parsedText) {
                out.raw(unchangedLargeInteger(value));
            } else {
                throw refuse("an integer beyond ±2^53 would lose precision as an IEEE 754 double");
            }
            return;
        }
        // Not node.doubleValue(): for a big decimal beyond the double range Jackson may refuse
        // with its own exception instead of yielding the infinity we report below.
        double value = node.isBigDecimal() ? node.decimalValue().doubleValue() : node.doubleValue();
        if (!Double.isFinite(value)) {
            throw refuse("a number is NaN or beyond the IEEE 754 double range");
        }
        out.raw(EcmaScriptNumber.format(value));
    }

    private String unchangedLargeInteger(BigInteger value) {
        double rounded = value.doubleValue();
        if (Double.isFinite(rounded)) {
            String canonical = EcmaScriptNumber.format(rounded);
            if (new BigDecimal(canonical).compareTo(new BigDecimal(value)) == 0) {
                return canonical;
            }
        }
        throw refuse("an integer beyond ±2^53 is not exactly an IEEE 754 double in JCS form,"
                + " so canonicalizing would change it");
    }

    private IllegalArgumentException refuse(String problem) {
        String pointer = path.isEmpty() ? "the root" : "/" + String.join("/", path);
        return new IllegalArgumentException("cannot canonicalize: " + problem + " (at " + pointer + ")");
    }
}
