package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ProtocolException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;

/** What differs between the suites; everything else (nonces, AAD, framing) is shared. */
interface SuiteAlgorithms {
    String digestAlgorithm();

    /** The JCA name that verifies this suite's signatures (and signs certificates). */
    String signatureAlgorithm();

    /**
     * The suite's DER signature of {@code message}, deterministic: the same key and message always
     * give the same bytes (INTL: RFC 6979; GM: {@link DeterministicSm2}).
     */
    byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException;

    String contentCipher();

    String contentKeyAlgorithm();

    int contentKeyBytes();

    /** Wraps a content key for one recipient's public key. */
    WrappedKey wrap(byte[] contentKey, PublicKey recipient, String recipientFingerprint);

    /** Recovers the content key, or fails with DECRYPTION_FAILED; never returns a wrong key silently. */
    byte[] unwrap(WrappedKey wrapped, PrivateKey key) throws ProtocolException;
}
