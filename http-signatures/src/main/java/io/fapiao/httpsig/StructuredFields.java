package io.fapiao.httpsig;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of RFC 8941 Structured Field Values that signatures use: dictionaries whose members are
 * items or inner lists, with parameters; bare items of every type. Parsing is strict (RFC 8941 §4.2):
 * anything outside the grammar is refused rather than guessed at, because a lenient parser would let
 * two different headers mean the same signature.
 *
 * <pre>{@code
 * Map<String, StructuredFields.Member> input = StructuredFields.dictionary(
 *         "sig1=(\"@method\" \"@target-uri\");created=1618884473;keyid=\"k\"");
 * StructuredFields.InnerList list = (StructuredFields.InnerList) input.get("sig1");
 * String text = StructuredFields.serialize(list); // the same text back
 * }</pre>
 */
public final class StructuredFields {
    private final String text;
    private int at;

    private StructuredFields(String text) {
        this.text = text;
    }

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
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /** An inner list of items, with the list's own parameters. */
    public record InnerList(List<Item> items, Map<String, Object> parameters) implements Member {
        public InnerList {
            items = List.copyOf(items);
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /** A token (an unquoted identifier such as {@code sha-256} or {@code application/json}). */
    public record Token(String value) {}

    /** Parses a dictionary field value (several field lines are joined with {@code ", "} first). */
    public static Map<String, Member> dictionary(String value) throws SignatureRefused {
        StructuredFields parser = new StructuredFields(withoutTrailingSpaces(value));
        return parser.parseDictionary();
    }

    /** Parses an item field value. */
    public static Item item(String value) throws SignatureRefused {
        StructuredFields parser = new StructuredFields(withoutTrailingSpaces(value));
        parser.skipSpaces();
        Item item = parser.parseItem();
        parser.skipSpaces();
        if (parser.at != parser.text.length()) {
            throw parser.malformed("unexpected text after the item");
        }
        return item;
    }

    // --- parsing (RFC 8941 §4.2) ------------------------------------------------------------------

    private static String withoutTrailingSpaces(String value) {
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) == ' ') {
            end--;
        }
        return value.substring(0, end);
    }

    private Map<String, Member> parseDictionary() throws SignatureRefused {
        Map<String, Member> members = new LinkedHashMap<>();
        skipSpaces();
        while (at < text.length()) {
            String key = parseKey();
            Member member;
            if (peek() == '=') {
                at++;
                member = peek() == '(' ? parseInnerList() : parseItem();
            } else {
                member = new Item(Boolean.TRUE, parseParameters());
            }
            members.put(key, member); // RFC 8941: a repeated key overwrites the earlier one
            skipOptionalWhitespace();
            if (at == text.length()) {
                return members;
            }
            if (text.charAt(at) != ',') {
                throw malformed("expected ',' between dictionary members");
            }
            at++;
            skipOptionalWhitespace();
            if (at == text.length()) {
                throw malformed("trailing ',' in a dictionary");
            }
        }
        return members;
    }

    private InnerList parseInnerList() throws SignatureRefused {
        expect('(');
        List<Item> items = new ArrayList<>();
        while (at < text.length()) {
            skipSpaces();
            if (peek() == ')') {
                at++;
                return new InnerList(items, parseParameters());
            }
            items.add(parseItem());
            char next = peek();
            if (next != ' ' && next != ')') {
                throw malformed("expected a space or ')' in an inner list");
            }
        }
        throw malformed("unterminated inner list");
    }

    private Item parseItem() throws SignatureRefused {
        Object value = parseBareItem();
        return new Item(value, parseParameters());
    }

    private Map<String, Object> parseParameters() throws SignatureRefused {
        Map<String, Object> parameters = new LinkedHashMap<>();
        while (peek() == ';') {
            at++;
            skipSpaces();
            String key = parseKey();
            Object value = Boolean.TRUE;
            if (peek() == '=') {
                at++;
                value = parseBareItem();
            }
            parameters.put(key, value);
        }
        return parameters;
    }

    private Object parseBareItem() throws SignatureRefused {
        char c = peek();
        if (c == '-' || isDigit(c)) {
            return parseNumber();
        }
        if (c == '"') {
            return parseString();
        }
        if (c == ':') {
            return parseBinary();
        }
        if (c == '?') {
            at++;
            char b = peek();
            if (b == '1' || b == '0') {
                at++;
                return b == '1';
            }
            throw malformed("a boolean is ?1 or ?0");
        }
        if (isAlpha(c) || c == '*') {
            return parseToken();
        }
        throw malformed("expected an item");
    }

    private Object parseNumber() throws SignatureRefused {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (!isDigit(peek())) {
            throw malformed("expected a digit");
        }
        boolean decimal = false;
        while (at < text.length() && (isDigit(text.charAt(at)) || (text.charAt(at) == '.' && !decimal))) {
            decimal |= text.charAt(at) == '.';
            at++;
        }
        String number = text.substring(start, at);
        String digits = number.startsWith("-") ? number.substring(1) : number;
        if (!decimal) {
            if (digits.length() > 15) {
                throw malformed("an integer has at most 15 digits");
            }
            return Long.parseLong(number);
        }
        int point = digits.indexOf('.');
        if (point > 12 || point == digits.length() - 1 || digits.length() - point - 1 > 3) {
            throw malformed("a decimal has at most 12 integer and 1 to 3 fraction digits");
        }
        return new BigDecimal(number);
    }

    private String parseString() throws SignatureRefused {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '\\') {
                if (at == text.length()) {
                    break;
                }
                char escaped = text.charAt(at++);
                if (escaped != '"' && escaped != '\\') {
                    throw malformed("only \\\" and \\\\ may be escaped in a string");
                }
                value.append(escaped);
            } else if (c == '"') {
                return value.toString();
            } else if (c < 0x20 || c > 0x7e) {
                throw malformed("a string holds printable ASCII only");
            } else {
                value.append(c);
            }
        }
        throw malformed("unterminated string");
    }

    private Token parseToken() {
        int start = at;
        at++;
        while (at < text.length() && isTokenChar(text.charAt(at))) {
            at++;
        }
        return new Token(text.substring(start, at));
    }

    private byte[] parseBinary() throws SignatureRefused {
        expect(':');
        int end = text.indexOf(':', at);
        if (end < 0) {
            throw malformed("unterminated byte sequence");
        }
        String encoded = text.substring(at, end);
        at = end + 1;
        if (!encoded.matches("[A-Za-z0-9+/]*={0,2}")) {
            throw malformed("a byte sequence is base64 between colons");
        }
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw malformed("a byte sequence is base64 between colons");
        }
    }

    private String parseKey() throws SignatureRefused {
        char first = peek();
        if (!(first >= 'a' && first <= 'z') && first != '*') {
            throw malformed("a key starts with a lower-case letter or '*'");
        }
        int start = at;
        while (at < text.length() && isKeyChar(text.charAt(at))) {
            at++;
        }
        return text.substring(start, at);
    }

    private void expect(char c) throws SignatureRefused {
        if (peek() != c) {
            throw malformed("expected '" + c + "'");
        }
        at++;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpaces() {
        while (at < text.length() && text.charAt(at) == ' ') {
            at++;
        }
    }

    private void skipOptionalWhitespace() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
    }

    private SignatureRefused malformed(String why) {
        return new SignatureRefused(SignatureRefusal.SIGNATURE_MALFORMED,
                "structured field is malformed at character " + at + ": " + why);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*';
    }

    private static boolean isTokenChar(char c) {
        return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
    }

    // --- serialising (RFC 8941 §4.1) --------------------------------------------------------------

    /** The canonical text of an inner list with its parameters. */
    public static String serialize(InnerList list) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < list.items().size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(serialize(list.items().get(i)));
        }
        return out.append(')').append(serializeParameters(list.parameters())).toString();
    }

    /** The canonical text of an item with its parameters. */
    public static String serialize(Item item) {
        return serializeBare(item.value()) + serializeParameters(item.parameters());
    }

    /** The canonical text of parameters: {@code ;key=value}, a bare {@code ;key} for true. */
    public static String serializeParameters(Map<String, Object> parameters) {
        StringBuilder out = new StringBuilder();
        parameters.forEach((key, value) -> {
            out.append(';').append(key);
            if (!Boolean.TRUE.equals(value)) {
                out.append('=').append(serializeBare(value));
            }
        });
        return out.toString();
    }

    /** The canonical text of a bare item. */
    public static String serializeBare(Object value) {
        return switch (value) {
            case Long number -> number.toString();
            case Integer number -> number.toString();
            case BigDecimal number -> number.stripTrailingZeros().scale() <= 0
                    ? number.setScale(1).toPlainString() : number.toPlainString();
            case String string -> quote(string);
            case Token token -> token.value();
            case byte[] bytes -> ":" + Base64.getEncoder().encodeToString(bytes) + ":";
            case Boolean bool -> bool ? "?1" : "?0";
            default -> throw new IllegalArgumentException("not a structured field item: " + value.getClass());
        };
    }

    private static String quote(String string) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : string.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("a structured field string holds printable ASCII only");
            }
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
