package io.fapiao.httpsig;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.greenbytes.http.sfv.BooleanItem;
import org.greenbytes.http.sfv.ByteSequenceItem;
import org.greenbytes.http.sfv.DecimalItem;
import org.greenbytes.http.sfv.IntegerItem;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.Parameters;
import org.greenbytes.http.sfv.ParseException;
import org.greenbytes.http.sfv.Parser;
import org.greenbytes.http.sfv.StringItem;
import org.greenbytes.http.sfv.TokenItem;

/**
 * The part of RFC 8941 Structured Field Values that signatures use: dictionaries whose members are
 * items or inner lists, with parameters; bare items of every type. Parsing and serialising are
 * Julian Reschke's {@code org.greenbytes.http:structured-fields} (one of the RFC's authors; it
 * passes the HTTP WG's structured-field test suite and has no dependencies); this class only turns
 * its types into plain Java values for the signature code. Parsing is strict (RFC 8941 §4.2):
 * anything outside the grammar is refused rather than guessed at, because a lenient parser would
 * let two different headers mean the same signature.
 *
 * <pre>{@code
 * Map<String, StructuredFields.Member> input = StructuredFields.dictionary(
 *         "sig1=(\"@method\" \"@target-uri\");created=1618884473;keyid=\"k\"");
 * StructuredFields.InnerList list = (StructuredFields.InnerList) input.get("sig1");
 * String text = StructuredFields.serialize(list); // the same text back
 * }</pre>
 */
public final class StructuredFields {
    private StructuredFields() {}

    /** A dictionary member: an {@link Item} or an {@link InnerList}. */
    public sealed interface Member permits Item, InnerList {
        /** The member's parameters, in order. */
        Map<String, Object> parameters();
    }

    /**
     * A bare item and its parameters. Bare values are {@code Long} (integer), {@code BigDecimal}
     * (decimal), {@code String} (string), {@link Token}, {@code byte[]} (byte sequence) or {@code Boolean}.
     */
    public record Item(Object value, Map<String, Object> parameters) implements Member {
        public Item {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /** An inner list of items, with the list's own parameters. */
    public record InnerList(List<Item> items, Map<String, Object> parameters) implements Member {
        public InnerList {
            items = List.copyOf(items);
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /** A token (an unquoted identifier such as {@code sha-256} or {@code application/json}). */
    public record Token(String value) {}

    /** Parses a dictionary field value (several field lines are joined with {@code ", "} first). */
    public static Map<String, Member> dictionary(String value) throws SignatureRefused {
        Map<String, ListElement<?>> parsed;
        try {
            parsed = Parser.parseDictionary(value).get();
        } catch (ParseException e) {
            throw malformed(e);
        }
        Map<String, Member> members = new LinkedHashMap<>();
        parsed.forEach((key, member) -> members.put(key, member(member)));
        return Collections.unmodifiableMap(members);
    }

    /** Parses an item field value. */
    public static Item item(String value) throws SignatureRefused {
        try {
            return item(Parser.parseItem(value));
        } catch (ParseException e) {
            throw malformed(e);
        }
    }

    private static SignatureRefused malformed(ParseException e) {
        return new SignatureRefused(
                SignatureRefusal.SIGNATURE_MALFORMED,
                "structured field is malformed at character " + e.getPosition() + ": " + e.getMessage(),
                e);
    }

    private static Member member(ListElement<?> element) {
        if (element instanceof org.greenbytes.http.sfv.InnerList list) {
            List<Item> items = new ArrayList<>();
            list.get().forEach(item -> items.add(item(item)));
            return new InnerList(items, parameters(list.getParams()));
        }
        return item((org.greenbytes.http.sfv.Item<?>) element);
    }

    private static Item item(org.greenbytes.http.sfv.Item<?> item) {
        return new Item(bare(item), parameters(item.getParams()));
    }

    private static Map<String, Object> parameters(Parameters parameters) {
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((key, item) -> values.put(key, bare(item)));
        return values;
    }

    private static Object bare(org.greenbytes.http.sfv.Item<?> item) {
        return switch (item) {
            case TokenItem token -> new Token(token.get());
            case ByteSequenceItem bytes -> {
                ByteBuffer buffer = bytes.get().duplicate();
                byte[] copy = new byte[buffer.remaining()];
                buffer.get(copy);
                yield copy;
            }
            // The library keeps a decimal's three fraction digits (4.500); the value is 4.5.
            case DecimalItem decimal -> decimal.get().stripTrailingZeros();
            // Long, String and Boolean are the library's values as they are.
            default -> item.get();
        };
    }

    // --- serialising (RFC 8941 §4.1) --------------------------------------------------------------

    /** The canonical text of an inner list with its parameters. */
    public static String serialize(InnerList list) {
        List<org.greenbytes.http.sfv.Item<?>> items = new ArrayList<>();
        list.items().forEach(item -> items.add(sfv(item)));
        return org.greenbytes.http.sfv.InnerList.valueOf(items)
                .withParams(sfv(list.parameters()))
                .serialize();
    }

    /** The canonical text of an item with its parameters. */
    public static String serialize(Item item) {
        return sfv(item).serialize();
    }

    /** The canonical text of parameters: {@code ;key=value}, a bare {@code ;key} for true. */
    public static String serializeParameters(Map<String, Object> parameters) {
        return sfv(parameters).serialize();
    }

    /** The canonical text of a bare item. */
    public static String serializeBare(Object value) {
        return bareItem(value).serialize();
    }

    private static org.greenbytes.http.sfv.Item<?> sfv(Item item) {
        return bareItem(item.value()).withParams(sfv(item.parameters()));
    }

    private static Parameters sfv(Map<String, Object> parameters) {
        Map<String, Object> items = new LinkedHashMap<>();
        parameters.forEach((key, value) -> items.put(key, bareItem(value)));
        return Parameters.valueOf(items);
    }

    private static org.greenbytes.http.sfv.Item<?> bareItem(Object value) {
        return switch (value) {
            case Long number -> IntegerItem.valueOf(number);
            case Integer number -> IntegerItem.valueOf(number);
            case BigDecimal number -> DecimalItem.valueOf(number);
            case String string -> StringItem.valueOf(string);
            case Token token -> TokenItem.valueOf(token.value());
            case byte[] bytes -> ByteSequenceItem.valueOf(bytes);
            case Boolean bool -> BooleanItem.valueOf(bool);
            default -> throw new IllegalArgumentException("not a structured field item: " + value.getClass());
        };
    }
}
