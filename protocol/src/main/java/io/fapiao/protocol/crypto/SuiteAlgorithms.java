package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ProtocolException;
import java.security.PrivateKey;
import java.security.PublicKey;

/** What differs between the suites; everything else (nonces, AAD, framing) is shared. */
interface SuiteAlgorithms {
    String digestAlgorithm();

    String signatureAlgorithm();

    String contentCipher();

    String contentKeyAlgorithm();

    int contentKeyBytes();

    /** Wraps a content key for one recipient's public key. */
    WrappedKey wrap(byte[] contentKey, PublicKey recipient, String recipientFingerprint);

    /** Recovers the content key, or fails with DECRYPTION_FAILED; never returns a wrong key silently. */
    byte[] unwrap(WrappedKey wrapped, PrivateKey key) throws ProtocolException;
}
