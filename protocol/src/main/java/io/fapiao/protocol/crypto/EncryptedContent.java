package io.fapiao.protocol.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Ciphertext with the nonce it was made under. The nonce is chosen by {@link ContentKey#encrypt};
 * the ciphertext ends with the 16-byte GCM tag.
 */
public final class EncryptedContent {
    /** GCM's recommended nonce length. */
    public static final int NONCE_BYTES = 12;

    private final byte[] nonce;
    private final byte[] ciphertext;

    public EncryptedContent(byte[] nonce, byte[] ciphertext) {
        this.nonce = Objects.requireNonNull(nonce, "nonce").clone();
        this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
    }

    /**
     * Ciphertext read from buffers, such as {@link io.fapiao.protocol.json.Bytes#asReadOnlyBuffer()}
     * views of a parsed envelope: the remaining bytes of each are copied once.
     */
    public static EncryptedContent of(ByteBuffer nonce, ByteBuffer ciphertext) {
        return new EncryptedContent(new byte[][] {remaining(nonce), remaining(ciphertext)});
    }

    /** Takes ownership of {@code owned[0]} (nonce) and {@code owned[1]} (ciphertext) without copying. */
    private EncryptedContent(byte[][] owned) {
        this.nonce = owned[0];
        this.ciphertext = owned[1];
    }

    private static byte[] remaining(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** The ciphertext itself, for the cipher in this package; never handed out. */
    byte[] ciphertextView() {
        return ciphertext;
    }

    public byte[] nonce() {
        return nonce.clone();
    }

    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptedContent that
                && Arrays.equals(nonce, that.nonce)
                && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(nonce) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "EncryptedContent[" + ciphertext.length + " bytes]";
    }
}
