package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * Signs on behalf of one X.509 identity. The interface is small so that a key held in an HSM or a
 * PKCS#11 token can stand behind it; {@link #of} covers a key held in memory.
 *
 * <p>The signer of {@link #of} is {@linkplain #deterministic() deterministic}: the same message
 * gives the same bytes every time (INTL: ECDSA with the nonce of RFC 6979; GM: SM2 with a nonce
 * derived the same way from the key and the message, see docs/protocol.md §3). Signatures end up
 * in records that are hashed (invoice documents) or stored on the ledger (statements, envelope
 * headers), and a retry after a crash has to make the very record the first attempt made. A token
 * that draws its own nonce cannot promise that; its signer says so, and whoever signs with it keeps
 * the first signature rather than signing again.
 *
 * <pre>{@code
 * Signer signer = Signer.of(privateKey, certificate);
 * byte[] signature = signer.sign(headerDigest);
 * assert signer.suite().verify(certificate.getPublicKey(), headerDigest, signature);
 * assert Arrays.equals(signature, signer.sign(headerDigest));   // deterministic
 * }</pre>
 */
public interface Signer {

    /** The suite the signing key belongs to. */
    CryptoSuite suite();

    /** The certificate of the signing key; verifiers check signatures against it. */
    X509Certificate certificate();

    /** The suite's DER-encoded signature of {@code message}. */
    byte[] sign(byte[] message);

    /**
     * Whether {@link #sign} always gives the same bytes for the same message. False unless the
     * implementation knows: a signer in a hardware token draws its nonce inside the token.
     */
    default boolean deterministic() {
        return false;
    }

    /**
     * A signer over a private key in memory.
     *
     * @throws ProtocolException {@link ErrorCode#CERTIFICATE_INVALID} when the certificate's key is not
     *     a P-256 or SM2 key, or does not belong to {@code key}
     */
    static Signer of(PrivateKey key, X509Certificate certificate) throws ProtocolException {
        CryptoSuite suite = CryptoSuite.of(certificate.getPublicKey());
        Signer signer = new KeySigner(suite, key, certificate);
        byte[] probe = "fapiao key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] signature;
        try {
            signature = signer.sign(probe);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.CERTIFICATE_INVALID, "private key cannot sign under " + suite, e);
        }
        if (!suite.verify(certificate.getPublicKey(), probe, signature)) {
            throw new ProtocolException(
                    ErrorCode.CERTIFICATE_INVALID,
                    "private key does not belong to certificate " + certificate.getSubjectX500Principal());
        }
        return signer;
    }

    /** The in-memory, deterministic signer behind {@link Signer#of}. */
    record KeySigner(CryptoSuite suite, PrivateKey key, X509Certificate certificate) implements Signer {
        @Override
        public byte[] sign(byte[] message) {
            try {
                return suite.algorithms().sign(key, message);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("key cannot sign under " + suite, e);
            }
        }

        @Override
        public boolean deterministic() {
            return true;
        }

        @Override
        public String toString() {
            return "Signer[" + suite + ", " + certificate.getSubjectX500Principal() + "]";
        }
    }
}
