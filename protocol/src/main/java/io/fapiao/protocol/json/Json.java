package io.fapiao.protocol.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one strict JSON mapping of the protocol. Input that a lenient parser would quietly accept is
 * refused: duplicate keys, unknown fields, missing primitives, trailing content. A record with an
 * absent optional field is written without it, so the same record always has the same fields.
 *
 * <pre>{@code
 * Bill bill = Json.read(bytes, Bill.class);
 * byte[] canonical = CanonicalJson.encode(bill);
 * }</pre>
 */
public final class Json {
    /**
     * No document of the protocol nests deeper than a few levels or holds a string near 32 MiB (a
     * proof bundle's block is the longest); input beyond is refused while it is parsed, before it can
     * cost a deep recursion or a huge buffer.
     */
    static final int MAX_DEPTH = 64;

    static final int MAX_STRING_LENGTH = 32 << 20;
    /** The limits of every parser of the protocol ({@link StrictReader}'s too). */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .build();

    private static final JsonMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().streamReadConstraints(LIMITS).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .changeDefaultPropertyInclusion(inclusion -> inclusion
                    .withValueInclusion(JsonInclude.Include.NON_NULL)
                    .withContentInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private Json() {}

    /** The shared, immutable mapper; safe to use from any thread. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads one JSON document into a record.
     *
     * @throws ProtocolException {@link ErrorCode#MALFORMED} when the bytes are not exactly one JSON
     *     document of that shape; the message names the offending field
     */
    public static <T> T read(byte[] json, Class<T> type) throws ProtocolException {
        try {
            return MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED,
                    "not a valid " + type.getSimpleName() + " document: " + e.getOriginalMessage() + atPath(e),
                    e);
        }
    }

    /**
     * Reads one JSON document as a tree, with the same strictness as {@link #read}.
     *
     * @throws ProtocolException {@link ErrorCode#MALFORMED} when the bytes are not one JSON document
     */
    public static JsonNode readTree(byte[] json) throws ProtocolException {
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "not a JSON document: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Binds a tree read by {@link #readTree} to a record.
     *
     * @throws ProtocolException {@link ErrorCode#MALFORMED} when the tree has another shape
     */
    public static <T> T bind(JsonNode tree, Class<T> type) throws ProtocolException {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JacksonException e) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED,
                    "not a valid " + type.getSimpleName() + " document: " + e.getOriginalMessage() + atPath(e),
                    e);
        }
    }

    private static String atPath(JacksonException e) {
        String path = e.getPathReference();
        return path == null || path.isEmpty() ? "" : " (at " + path + ")";
    }
}
