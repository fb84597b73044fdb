package io.fapiao.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads the canonical JSON (RFC 8785) of a record whose members are known, straight from its UTF-8
 * bytes, for the fast paths of the readers that run on every open. It never refuses anything: the
 * moment the bytes are not what {@link CanonicalWriter} would have written for some value (a space,
 * a member out of order, an escape the writer does not use, a long number, bad UTF-8 or anything
 * else), it {@linkplain #decline() declines} and the caller falls back to its general reader, which
 * either gives the same value or refuses the input with a precise message. Each fast path is
 * property-tested against its general reader on valid and mutated input.
 *
 * <p>Why it is faster than the streaming parser: member names are compared as bytes at the one
 * place they can be, strings are decoded by the JDK in one call instead of char by char through a
 * text buffer, and byte strings are decoded from the input without becoming a {@code String}.
 *
 * <pre>{@code
 * private static final MemberName TOTAL = MemberName.of("total");
 * CanonicalScanner in = new CanonicalScanner(json);
 * try {
 *     in.beginObject();
 *     String remarks = in.member(REMARKS) ? in.text() : null;
 *     long total = in.member(TOTAL) ? in.integer() : in.decline();
 *     in.endObject();
 *     in.endDocument();
 * } catch (CanonicalScanner.Declined e) {
 *     // not canonical: use the general reader
 * }
 * }</pre>
 */
public final class CanonicalScanner {
    /** Most digits of an integer taken on the fast path: below 10^15, so exact in a double and a long. */
    private static final int MAX_INTEGER_DIGITS = 15;

    private static final Declined DECLINED = new Declined();
    /** The bytes that end the plain run of a string: its closing quote, a backslash, a control character. */
    private static final boolean[] STRING_STOP = new boolean[256];

    static {
        for (int b = 0; b < 0x20; b++) {
            STRING_STOP[b] = true;
        }
        STRING_STOP['"'] = true;
        STRING_STOP['\\'] = true;
    }

    private final byte[] in;
    private int at;
    /** Whether the next member or element is the first of its object or array (no comma before it). */
    private boolean first;

    public CanonicalScanner(byte[] json) {
        this.in = json;
    }

    /** Thrown, without a stack trace, when the input is not canonical; the caller falls back. */
    public static final class Declined extends Exception {
        private Declined() {
            super("not in canonical form", null, false, false);
        }
    }

    /** Gives up on the fast path; typed as a value so that {@code x = present ? read() : in.decline()} reads well. */
    public long decline() throws Declined {
        throw DECLINED;
    }

    /** Moves into an object (the document, a member's value or an array element). */
    public void beginObject() throws Declined {
        expect('{');
        first = true;
    }

    public void endObject() throws Declined {
        expect('}');
        first = false;
    }

    /**
     * Whether the next member is {@code member}; if so, moves to its value. Members are asked for
     * in JCS order, so an absent one simply answers false.
     */
    public boolean member(MemberName member) {
        byte[] name = member.quoted();
        int start = first ? at : at + 1;
        if (!first && (at >= in.length || in[at] != ',')) {
            return false;
        }
        int end = start + name.length;
        if (end > in.length || !sameBytes(in, start, name)) {
            return false;
        }
        at = end;
        first = false;
        return true;
    }

    /** Moves into an object value, or answers false for {@code null}. */
    public boolean beginObjectOrNull() throws Declined {
        if (nullLiteral()) {
            return false;
        }
        beginObject();
        return true;
    }

    /** Moves into an array value, or answers false for {@code null}; then {@link #firstElement}. */
    public boolean beginArrayOrNull() throws Declined {
        if (nullLiteral()) {
            return false;
        }
        expect('[');
        return true;
    }

    /** Whether the array just begun has an element; if it is empty, moves past its end. */
    public boolean firstElement() {
        return !arrayEnds();
    }

    /** Whether another element follows the one just read (and moves past the comma); else moves past the end. */
    public boolean nextElement() throws Declined {
        if (arrayEnds()) {
            return false;
        }
        expect(',');
        return true;
    }

    private boolean arrayEnds() {
        if (at < in.length && in[at] == ']') {
            at++;
            first = false;
            return true;
        }
        return false;
    }

    /** A string value, or null for JSON {@code null}. */
    public String text() throws Declined {
        if (nullLiteral()) {
            return null;
        }
        expect('"');
        int start = at;
        int end = plainRunEnd(in, start);
        at = end;
        if (end >= in.length) {
            throw DECLINED;
        }
        if (in[end] == '\\') {
            return escapedText(start);
        }
        if (in[end] != '"') {
            throw DECLINED; // a control character, which JSON strings may not hold unescaped
        }
        String text = decode(start, end);
        at++;
        return text;
    }

    /** An integer of at most 15 digits, as the canonical writer prints it (no leading zero, no {@code -0}). */
    public long integer() throws Declined {
        boolean negative = at < in.length && in[at] == '-';
        int start = negative ? at + 1 : at;
        int end = start;
        long value = 0;
        while (end < in.length && in[end] >= '0' && in[end] <= '9') {
            value = value * 10 + (in[end] - '0');
            end++;
        }
        int digits = end - start;
        if (digits == 0 || digits > MAX_INTEGER_DIGITS || (in[start] == '0' && (digits > 1 || negative))) {
            throw DECLINED;
        }
        at = end;
        return negative ? -value : value;
    }

    /**
     * A string value holding canonical unpadded base64url, decoded straight from the input (no
     * {@code String} is made of it), or null for JSON {@code null}.
     */
    public Bytes bytes() throws Declined {
        if (nullLiteral()) {
            return null;
        }
        expect('"');
        int start = at;
        at = quote(in, start);
        if (at >= in.length) {
            throw DECLINED;
        }
        byte[] bytes = Base64Url.decodeOrNull(in, start, at++);
        if (bytes == null) {
            throw DECLINED;
        }
        return Bytes.owning(bytes);
    }

    /** Requires that the document ended with the last value: nothing follows, not even whitespace. */
    public void endDocument() throws Declined {
        if (at != in.length) {
            throw DECLINED;
        }
    }

    // The two searches below run over every byte of every string (the ciphertext alone is three
    // quarters of an envelope), so they look at eight bytes at a time: with x = the eight bytes
    // XOR the byte searched for, (x - 0x01..01) & ~x & 0x80..80 flags the bytes of x that are zero,
    // and (v - 0x20..20) & ~v & 0x80..80 the bytes of v below 0x20. A borrow can only flag a byte
    // above a truly flagged one, so the lowest flag (the first byte, little-endian) is always right.
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    /** The index of the first quote, backslash or control character at or after {@code from}; {@code in.length} if none. */
    static int plainRunEnd(byte[] in, int from) {
        return plainRunEnd(in, from, (byte) '"');
    }

    /** {@link #plainRunEnd(byte[], int)}, stopping at {@code also} too (the writer's check for '?'). */
    static int plainRunEnd(byte[] in, int from, byte also) {
        long alsoes = (also & 0xFFL) * ONES;
        int i = from;
        for (; i + Long.BYTES <= in.length; i += Long.BYTES) {
            long v = (long) LONGS.get(in, i);
            long quotes = v ^ QUOTES;
            long backslashes = v ^ BACKSLASHES;
            long others = v ^ alsoes;
            long flags = ((quotes - ONES) & ~quotes
                            | (backslashes - ONES) & ~backslashes
                            | (others - ONES) & ~others
                            | (v - SPACES) & ~v)
                    & HIGHS;
            if (flags != 0) {
                return i + Long.numberOfTrailingZeros(flags) / Byte.SIZE;
            }
        }
        while (i < in.length && !STRING_STOP[in[i] & 0xFF] && in[i] != also) {
            i++;
        }
        return i;
    }

    /**
     * Whether {@code in} holds {@code name} at {@code start} (which the caller has bounds-checked), eight
     * bytes at a time: names are 7 to 18 bytes, too short for {@code Arrays.equals} to pay its way.
     */
    private static boolean sameBytes(byte[] in, int start, byte[] name) {
        int i = 0;
        for (; i + Long.BYTES <= name.length; i += Long.BYTES) {
            if ((long) LONGS.get(in, start + i) != (long) LONGS.get(name, i)) {
                return false;
            }
        }
        for (; i < name.length; i++) {
            if (in[start + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first quote at or after {@code from}; {@code in.length} if none. */
    static int quote(byte[] in, int from) {
        int i = from;
        for (; i + Long.BYTES <= in.length; i += Long.BYTES) {
            long quotes = (long) LONGS.get(in, i) ^ QUOTES;
            long flags = (quotes - ONES) & ~quotes & HIGHS;
            if (flags != 0) {
                return i + Long.numberOfTrailingZeros(flags) / Byte.SIZE;
            }
        }
        while (i < in.length && in[i] != '"') {
            i++;
        }
        return i;
    }

    private String escapedText(int start) throws Declined {
        StringBuilder text = new StringBuilder(at - start + 16).append(decode(start, at));
        while (true) {
            if (at >= in.length) {
                throw DECLINED;
            }
            byte b = in[at];
            if (b == '"') {
                at++;
                return text.toString();
            }
            if (b == '\\') {
                text.append(escape());
            } else if (b >= 0 && b < 0x20) {
                throw DECLINED;
            } else {
                int from = at;
                while (at < in.length && in[at] != '"' && in[at] != '\\' && (in[at] < 0 || in[at] >= 0x20)) {
                    at++;
                }
                text.append(decode(from, at));
            }
        }
    }

    /** The escapes the canonical writer uses: the short ones, and the six-character {@code u00XX} form (after a backslash) for other control characters. */
    private char escape() throws Declined {
        if (at + 1 >= in.length) {
            throw DECLINED;
        }
        byte kind = in[at + 1];
        at += 2;
        return switch (kind) {
            case '"' -> '"';
            case '\\' -> '\\';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> controlCharacter();
            default -> throw DECLINED;
        };
    }

    private char controlCharacter() throws Declined {
        if (at + 4 > in.length || in[at] != '0' || in[at + 1] != '0') {
            throw DECLINED;
        }
        int high = hex(in[at + 2]);
        int low = hex(in[at + 3]);
        if (high > 1 || low < 0) {
            throw DECLINED;
        }
        at += 4;
        return (char) (high << 4 | low);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        return b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
    }

    /**
     * UTF-8 to a string in one JDK call. The JDK replaces malformed input with U+FFFD instead of
     * failing, so a result holding U+FFFD is declined: it was either malformed, which the general
     * reader refuses with its message, or a real U+FFFD, which the general reader reads just as well.
     */
    private String decode(int from, int to) throws Declined {
        String text = new String(in, from, to - from, UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            throw DECLINED;
        }
        return text;
    }

    private boolean nullLiteral() {
        if (at + 4 <= in.length && in[at] == 'n' && in[at + 1] == 'u' && in[at + 2] == 'l' && in[at + 3] == 'l') {
            at += 4;
            return true;
        }
        return false;
    }

    private void expect(char c) throws Declined {
        if (at >= in.length || in[at] != c) {
            throw DECLINED;
        }
        at++;
    }
}
