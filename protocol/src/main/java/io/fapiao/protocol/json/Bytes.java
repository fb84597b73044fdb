package io.fapiao.protocol.json;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.fapiao.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An immutable byte string that travels in JSON as strict, unpadded base64url. Records use it
 * instead of {@code byte[]} so that they compare by value and cannot be changed after the fact.
 *
 * <pre>{@code
 * Bytes digest = Bytes.of(suite.digest(payload));
 * String wire = digest.base64Url();
 * }</pre>
 */
public final class Bytes {
    private static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] value;

    private Bytes(byte[] value) {
        this.value = value;
    }

    public static Bytes of(byte[] value) {
        return value.length == 0 ? EMPTY : new Bytes(value.clone());
    }

    /** Takes {@code value} itself, which nobody else holds: for decoders of this package. */
    static Bytes owning(byte[] value) {
        return value.length == 0 ? EMPTY : new Bytes(value);
    }

    /** Decodes strict base64url; refuses padding, foreign characters and non-canonical encodings. */
    public static Bytes fromBase64Url(String field, String encoded) throws ProtocolException {
        return new Bytes(Base64Url.decode(field, encoded));
    }

    /** Jackson's way in; strictness failures surface as MALFORMED through {@link Json#read}. */
    @JsonCreator
    static Bytes fromJson(String encoded) {
        try {
            return fromBase64Url("value", encoded);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @JsonValue
    public String base64Url() {
        return Base64Url.encode(value);
    }

    /** A read-only view of the bytes, for callers that only read them and need no copy. */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(value).asReadOnlyBuffer();
    }

    /** The bytes themselves, never to be changed: for the canonical writer of this package only. */
    byte[] array() {
        return value;
    }

    public byte[] toByteArray() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return base64Url();
    }
}
