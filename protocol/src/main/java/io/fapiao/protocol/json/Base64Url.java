package io.fapiao.protocol.json;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Base64url without padding (RFC 4648 §5), decoded strictly: every byte string has exactly one
 * accepted text, so a changed character can never decode to the same bytes. That keeps signed
 * and digested fields free of alternative spellings.
 *
 * <pre>{@code
 * String text = Base64Url.encode(ciphertext);
 * byte[] bytes = Base64Url.decode("payload.ciphertext", text); // ProtocolException if not canonical
 * }</pre>
 */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {}

    /** The unpadded base64url text of {@code bytes}. */
    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * The bytes of an unpadded base64url text.
     *
     * @param field the name of the field being decoded, for the error message
     * @throws ProtocolException {@link ErrorCode#MALFORMED} if the value is null, has a character
     *     outside the URL-safe alphabet (including {@code =} padding), has an impossible length,
     *     or sets any of the unused low bits of its last character
     */
    public static byte[] decode(String field, String value) throws ProtocolException {
        if (value == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "field " + field + " is missing");
        }
        // Fast path: the JDK's URL-safe decoder already refuses every character outside the
        // alphabet and a lone final character; without '=' the only thing it lets through that
        // we refuse is a last character with unused bits set. Any refusal falls through to the
        // character-by-character check below, which says exactly what is wrong.
        if (value.indexOf('=') < 0) {
            try {
                byte[] bytes = DECODER.decode(value);
                if (unusedBitsClear(value)) {
                    return bytes;
                }
            } catch (IllegalArgumentException e) {
                // described below
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (sextet(c) < 0) {
                throw malformed(
                        field,
                        (c == '=' ? "padding '='" : "character " + describe(c)) + " at index " + i
                                + " is not in the unpadded base64url alphabet");
            }
        }
        // Each character carries 6 bits: a final group of 2 or 3 characters ends in 4 or 2 bits
        // that belong to no byte. The JDK decoder ignores them; accepting them set would give
        // every such value several spellings.
        int unusedBits = switch (value.length() % 4) {
            case 1 -> throw malformed(field, "length " + value.length() + " leaves a lone final character");
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
        int last = unusedBits == 0 ? 0 : sextet(value.charAt(value.length() - 1));
        if ((last & ((1 << unusedBits) - 1)) != 0) {
            throw malformed(field, "the unused low bits of the last character are not zero");
        }
        return DECODER.decode(value);
    }

    /**
     * The bytes of {@code ascii[from, to)} if it is canonical unpadded base64url, else null (the
     * caller then decodes the text with {@link #decode}, which says what is wrong). For the fast
     * path of {@link CanonicalScanner}: the JDK decoder reads the input array itself.
     */
    static byte[] decodeOrNull(byte[] ascii, int from, int to) {
        // The JDK's URL-safe decoder refuses every byte outside the alphabet, a lone final
        // character and '=' anywhere but in the last two places, where it takes it as padding;
        // padding and set unused bits are the two things left to refuse here.
        int length = to - from;
        if (length > 0 && ascii[to - 1] == '=' || length > 1 && ascii[to - 2] == '=') {
            return null;
        }
        int unusedBits = switch (length % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
        if (unusedBits != 0 && (sextet((char) ascii[to - 1]) & ((1 << unusedBits) - 1)) != 0) {
            return null;
        }
        try {
            ByteBuffer decoded = DECODER.decode(ByteBuffer.wrap(ascii, from, length));
            return decoded.remaining() == decoded.array().length
                    ? decoded.array()
                    : Arrays.copyOf(decoded.array(), decoded.remaining());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the low bits of the last character that belong to no byte are zero; the text is in the alphabet. */
    private static boolean unusedBitsClear(String value) {
        int unusedBits = switch (value.length() % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
        return unusedBits == 0 || (sextet(value.charAt(value.length() - 1)) & ((1 << unusedBits) - 1)) == 0;
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        return c == '_' ? 63 : -1;
    }

    private static String describe(char c) {
        return c > 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static ProtocolException malformed(String field, String problem) {
        return new ProtocolException(ErrorCode.MALFORMED, "field " + field + " is not base64url: " + problem);
    }
}
