package io.fapiao.protocol.json;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * One pass over a JSON document with Jackson's streaming parser, for the hand-written readers of
 * the records that are read on every open (a bill, the envelope). It keeps the strictness of
 * {@link Json#read}: scalars are never coerced, every failure (bad UTF-8 or syntax, a wrong type, a
 * duplicate or unknown member, trailing content) is {@link ErrorCode#MALFORMED} with the path where
 * it happened. The readers themselves know the members; this class knows tokens.
 *
 * <pre>{@code
 * StrictReader in = StrictReader.of(bytes, "Bill");
 * in.startDocument();
 * for (String name = in.nextName(); name != null; name = in.nextName()) {
 *     switch (name) {
 *         case "total" -> { seen = in.mark(seen, 1); total = in.integer(); }
 *         default -> throw in.unknown();
 *     }
 * }
 * in.endDocument();
 * }</pre>
 */
public final class StrictReader {
    // Default stream constraints, as the mapper's; duplicate members are detected by the readers,
    // which know the members anyway, instead of by a per-object name set in the parser.
    private static final JsonFactory FACTORY =
            JsonFactory.builder().streamReadConstraints(Json.LIMITS).build();
    /** For documents whose readers skip members they refuse, so that duplicates inside those count too. */
    private static final JsonFactory STRICT_FACTORY = JsonFactory.builder()
            .streamReadConstraints(Json.LIMITS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JsonParser parser;
    private final String document;

    private StrictReader(JsonParser parser, String document) {
        this.parser = parser;
        this.document = document;
    }

    /**
     * A reader over {@code json}; {@code document} names what it should be, for messages
     * ({@code "not a valid Bill document: ..."}).
     */
    public static StrictReader of(byte[] json, String document) throws ProtocolException {
        return of(FACTORY, json, document);
    }

    /**
     * A reader whose parser itself refuses a repeated member name in any object, as {@link Json#readTree}
     * does, for readers that skip over members rather than read each one.
     */
    public static StrictReader refusingDuplicates(byte[] json, String document) throws ProtocolException {
        return of(STRICT_FACTORY, json, document);
    }

    private static StrictReader of(JsonFactory factory, byte[] json, String document) throws ProtocolException {
        Objects.requireNonNull(json, "json");
        try {
            return new StrictReader(factory.createParser(ObjectReadContext.empty(), json), document);
        } catch (JacksonException e) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED, "not a valid " + document + " document: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Moves to the root value and requires it to be an object.
     *
     * @return false for a document that is JSON {@code null}, which the caller refuses in its own words
     */
    public boolean startDocument() throws ProtocolException {
        JsonToken token = next();
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        if (token != JsonToken.START_OBJECT) {
            throw malformed("expected a JSON object, not " + describe(token));
        }
        return true;
    }

    /** Requires that nothing but whitespace follows the root value. */
    public void endDocument() throws ProtocolException {
        JsonToken token = next();
        if (token != null) {
            throw malformed("trailing content after the document: " + describe(token));
        }
        parser.close();
    }

    /** The next member name of the current object, or null at its end. */
    public String nextName() throws ProtocolException {
        JsonToken token = next();
        if (token == JsonToken.END_OBJECT) {
            return null;
        }
        // Inside an object the parser yields only names or the end; anything else is a syntax error it reports.
        return parser.currentName();
    }

    /** Moves to the next token; syntax and encoding errors are MALFORMED. */
    public JsonToken next() throws ProtocolException {
        try {
            return parser.nextToken();
        } catch (JacksonException e) {
            throw malformed(e.getOriginalMessage());
        }
    }

    /** Moves to a member's value: a JSON string, or null for JSON {@code null}. */
    public String text() throws ProtocolException {
        JsonToken token = next();
        if (token == JsonToken.VALUE_STRING) {
            return string();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw malformed("a text field must be a JSON string, not " + describe(token));
    }

    /** Moves to a member's value: a JSON string; null is refused. */
    public String requiredText() throws ProtocolException {
        JsonToken token = next();
        if (token != JsonToken.VALUE_STRING) {
            throw malformed("must be a JSON string, not " + describe(token));
        }
        return string();
    }

    /** Moves to a member's value: a JSON integer within {@code long}; no fraction, exponent, string or null. */
    public long integer() throws ProtocolException {
        JsonToken token = next();
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw malformed("a fen amount must be a JSON integer, not " + describe(token));
        }
        try {
            return parser.getLongValue();
        } catch (JacksonException e) {
            throw malformed(e.getOriginalMessage());
        }
    }

    /** The current token, after {@link #next}. */
    public JsonToken token() {
        return parser.currentToken();
    }

    /** The current token's integer value when it fits an {@code int}, else null (it is VALUE_NUMBER_INT). */
    public Integer intValue() {
        return parser.getNumberType() == JsonParser.NumberType.INT ? parser.getIntValue() : null;
    }

    /** The current token's text: a string's value, a number as written. */
    public String string() throws ProtocolException {
        try {
            return parser.getString();
        } catch (JacksonException e) {
            throw malformed(e.getOriginalMessage());
        }
    }

    /** Skips the current value (an object or array with everything in it). */
    public void skipValue() throws ProtocolException {
        try {
            parser.skipChildren();
        } catch (JacksonException e) {
            throw malformed(e.getOriginalMessage());
        }
    }

    /**
     * Records that member {@code bit} was seen in an object whose members so far are {@code seen}.
     *
     * @throws ProtocolException MALFORMED if it was seen before
     */
    public int mark(int seen, int bit) throws ProtocolException {
        if ((seen & bit) != 0) {
            throw malformed("duplicate member \"" + parser.currentName() + "\"");
        }
        return seen | bit;
    }

    /** The failure for the current member, which this document does not have. */
    public ProtocolException unknown() {
        return malformed("unknown member \"" + parser.currentName() + "\"");
    }

    /**
     * The failure for a required member missing from the object just closed by {@link #nextName}
     * returning null.
     */
    public ProtocolException missing(String member, String problem) {
        String parent = parser.streamReadContext().pathAsPointer().toString();
        return failure(problem, parent + "/" + member);
    }

    /**
     * A MALFORMED failure at the parser's position, named by JSON Pointer (RFC 6901), e.g.
     * {@code /items/2/amount}. Paths are only built here, when something already failed.
     */
    public ProtocolException malformed(String problem) {
        return failure(problem, parser.streamReadContext().pathAsPointer().toString());
    }

    private ProtocolException failure(String problem, String pointer) {
        return new ProtocolException(
                ErrorCode.MALFORMED,
                "not a valid " + document + " document: " + problem
                        + (pointer.isEmpty() ? "" : " (at " + pointer + ")"));
    }

    /** How a token reads in a message: "a string", "an integer", "nothing" for the end of input. */
    public static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction or exponent";
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> token.name();
        };
    }
}
