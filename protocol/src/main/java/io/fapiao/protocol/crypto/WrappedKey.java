package io.fapiao.protocol.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A content key wrapped for one recipient. The recipient is named by its certificate's fingerprint
 * ({@link CryptoSuite#fingerprint}); {@code ephemeralKey} is the sender's one-time ECDH point (INTL)
 * and is empty under GM, where SM2 encryption carries its own.
 *
 * <pre>{@code
 * WrappedKey wrapped = contentKey.wrapFor(recipientCertificate);
 * ContentKey same = recipientKey.unwrap(wrapped);
 * }</pre>
 */
public final class WrappedKey {
    private final String recipientFingerprint;
    private final byte[] ephemeralKey;
    private final byte[] wrappedKey;

    public WrappedKey(String recipientFingerprint, byte[] ephemeralKey, byte[] wrappedKey) {
        this.recipientFingerprint = Objects.requireNonNull(recipientFingerprint, "recipientFingerprint");
        this.ephemeralKey = ephemeralKey == null ? new byte[0] : ephemeralKey.clone();
        this.wrappedKey = Objects.requireNonNull(wrappedKey, "wrappedKey").clone();
    }

    public String recipientFingerprint() {
        return recipientFingerprint;
    }

    /** The sender's ephemeral public point (uncompressed X9.62), empty when the suite has none. */
    public byte[] ephemeralKey() {
        return ephemeralKey.clone();
    }

    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WrappedKey that
                && recipientFingerprint.equals(that.recipientFingerprint)
                && Arrays.equals(ephemeralKey, that.ephemeralKey)
                && Arrays.equals(wrappedKey, that.wrappedKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recipientFingerprint, Arrays.hashCode(ephemeralKey), Arrays.hashCode(wrappedKey));
    }

    @Override
    public String toString() {
        return "WrappedKey[for " + recipientFingerprint + "]";
    }
}
