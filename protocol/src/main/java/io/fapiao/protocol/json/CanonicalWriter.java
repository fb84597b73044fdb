package io.fapiao.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.Base64;

/**
 * Writes RFC 8785 (JCS) bytes directly, for records whose shape is known in advance: the caller
 * writes members in JCS order (sorted by UTF-16 code units) and this class does the rest: no
 * whitespace, minimal string escaping, integers in their plain form, UTF-8 straight into one buffer.
 * {@link CanonicalJson#encode(Object)} is the general path and the reference the direct writers are
 * property-tested against; it writes through this class too.
 *
 * <pre>{@code
 * byte[] json = new CanonicalWriter(64).beginObject()
 *         .name("fundPaid").number(0)
 *         .name("personalAccount").number(600)
 *         .name("personalCash").number(400)
 *         .endObject().toByteArray();   // {"fundPaid":0,"personalAccount":600,"personalCash":400}
 * }</pre>
 */
public final class CanonicalWriter {
    private static final long MAX_EXACT_INTEGER = 1L << 53;
    private static final byte[] HEX = "0123456789abcdef".getBytes(UTF_8);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private byte[] bytes;
    private int length;
    /** Whether a value was just completed at this level, so the next name or element needs a comma. */
    private boolean afterValue;

    /** A writer with room for {@code expectedBytes} before it grows. */
    public CanonicalWriter(int expectedBytes) {
        bytes = new byte[Math.max(16, expectedBytes)];
    }

    public CanonicalWriter beginObject() {
        separate();
        raw('{');
        return this;
    }

    public CanonicalWriter endObject() {
        raw('}');
        afterValue = true;
        return this;
    }

    public CanonicalWriter beginArray() {
        separate();
        raw('[');
        return this;
    }

    public CanonicalWriter endArray() {
        raw(']');
        afterValue = true;
        return this;
    }

    /** A member name; the caller keeps members in JCS order. */
    public CanonicalWriter name(String name) {
        separate();
        string(name);
        raw(':');
        afterValue = false;
        return this;
    }

    /** A member name written once in advance; the caller keeps members in JCS order. */
    public CanonicalWriter name(MemberName name) {
        separate();
        raw(name.quoted());
        afterValue = false;
        return this;
    }

    /** A member with a string value, or nothing when the value is null (absent fields are omitted). */
    public CanonicalWriter member(MemberName name, String value) {
        return value == null ? this : name(name).value(value);
    }

    /** A member with a byte-string value, or nothing when it is null. */
    public CanonicalWriter member(MemberName name, Bytes value) {
        return value == null ? this : name(name).value(value);
    }

    /** A member with an integer value. */
    public CanonicalWriter member(MemberName name, long value) {
        return name(name).value(value);
    }

    /** A string value. */
    public CanonicalWriter value(String value) {
        separate();
        string(value);
        afterValue = true;
        return this;
    }

    /**
     * An integer value.
     *
     * @throws IllegalArgumentException beyond ±2<sup>53</sup>, which JCS cannot carry exactly (as
     *     {@link CanonicalJson#encode} refuses it)
     */
    public CanonicalWriter value(long value) {
        if (value > MAX_EXACT_INTEGER || value < -MAX_EXACT_INTEGER) {
            throw new IllegalArgumentException(
                    "cannot canonicalize: an integer beyond ±2^53 would lose precision" + " as an IEEE 754 double");
        }
        separate();
        raw(Long.toString(value));
        afterValue = true;
        return this;
    }

    /** Bytes as an unpadded base64url string value, encoded straight into the output. */
    public CanonicalWriter value(Bytes value) {
        separate();
        byte[] encoded = BASE64URL.encode(value.array());
        ensure(encoded.length + 2);
        bytes[length++] = '"';
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
        bytes[length++] = '"';
        afterValue = true;
        return this;
    }

    /** A member with a string value, or nothing when the value is null (absent fields are omitted). */
    public CanonicalWriter member(String name, String value) {
        return value == null ? this : name(name).value(value);
    }

    /** A member with a byte-string value, or nothing when it is null. */
    public CanonicalWriter member(String name, Bytes value) {
        return value == null ? this : name(name).value(value);
    }

    /** A member with an integer value. */
    public CanonicalWriter member(String name, long value) {
        return name(name).value(value);
    }

    /** The bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void separate() {
        if (afterValue) {
            raw(',');
            afterValue = false;
        }
    }

    // --- the byte level, shared with CanonicalJson ----------------------------------------------

    /**
     * RFC 8785 §3.2.2.2: a quoted string that escapes only what JSON requires.
     *
     * @throws IllegalArgumentException for a lone surrogate, which UTF-8 cannot carry
     */
    void string(String value) {
        raw('"');
        // Most strings (codes, names, timestamps) need no escape: copy their UTF-8 in one piece.
        byte[] utf8 = value.getBytes(UTF_8);
        if (isLiteral(value, utf8)) {
            raw(utf8);
            raw('"');
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> raw("\\\"");
                case '\\' -> raw("\\\\");
                case '\b' -> raw("\\b");
                case '\t' -> raw("\\t");
                case '\n' -> raw("\\n");
                case '\f' -> raw("\\f");
                case '\r' -> raw("\\r");
                default -> {
                    if (c < 0x20) {
                        raw("\\u00");
                        ensure(2);
                        bytes[length++] = HEX[c >> 4];
                        bytes[length++] = HEX[c & 0xF];
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        codePoint(Character.toCodePoint(c, value.charAt(++i)));
                    } else if (Character.isSurrogate(c)) {
                        // UTF-8 cannot carry it, so the bytes would silently differ from the value.
                        throw new IllegalArgumentException(
                                String.format("a string holds a lone surrogate U+%04X at index %d", (int) c, i));
                    } else {
                        raw(c);
                    }
                }
            }
        }
        raw('"');
    }

    /**
     * {@link #isLiteral(String)}, quicker for ASCII: the JDK encodes in bulk, and a UTF-8 form as long
     * as the string is ASCII, so its bytes can be checked eight at a time. The one exception is a
     * lone surrogate, which the encoder turns into a single '?' byte: a string whose bytes hold a '?'
     * is checked char by char.
     */
    private static boolean isLiteral(String value, byte[] utf8) {
        if (utf8.length != value.length()) {
            return isLiteral(value);
        }
        int end = CanonicalScanner.plainRunEnd(utf8, 0, (byte) '?');
        return end == utf8.length || utf8[end] == '?' && isLiteral(value);
    }

    /** Whether the string's JCS form is the string itself: no quote, backslash, control character or surrogate. */
    private static boolean isLiteral(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                return false;
            }
        }
        return true;
    }

    private void raw(byte[] utf8) {
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
    }

    /** Text without lone surrogates, as UTF-8: ASCII copied byte by byte until a char needs more. */
    void raw(String text) {
        ensure(text.length());
        int i = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                break;
            }
            bytes[length + i] = (byte) c;
        }
        length += i;
        if (i < text.length()) {
            byte[] encoded = text.substring(i).getBytes(UTF_8);
            ensure(encoded.length);
            System.arraycopy(encoded, 0, bytes, length, encoded.length);
            length += encoded.length;
        }
    }

    /** One UTF-16 unit that is not a surrogate. */
    void raw(char c) {
        if (c < 0x80) {
            ensure(1);
            bytes[length++] = (byte) c;
        } else {
            codePoint(c);
        }
    }

    private void codePoint(int codePoint) {
        ensure(4);
        if (codePoint < 0x80) {
            bytes[length++] = (byte) codePoint;
        } else if (codePoint < 0x800) {
            bytes[length++] = (byte) (0xC0 | codePoint >> 6);
            bytes[length++] = (byte) (0x80 | codePoint & 0x3F);
        } else if (codePoint < 0x10000) {
            bytes[length++] = (byte) (0xE0 | codePoint >> 12);
            bytes[length++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | codePoint & 0x3F);
        } else {
            bytes[length++] = (byte) (0xF0 | codePoint >> 18);
            bytes[length++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
            bytes[length++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | codePoint & 0x3F);
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
