package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ProtocolException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The private key a recipient (the finance bureau, the issuer) opens sealed bills with, together
 * with the certificate senders wrapped content keys for.
 *
 * <pre>{@code
 * RecipientKey finance = RecipientKey.of(financePrivateKey, financeCertificate);
 * ContentKey key = finance.unwrap(wrappedKey);
 * }</pre>
 */
public final class RecipientKey {
    private final CryptoSuite suite;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String fingerprint;

    private RecipientKey(CryptoSuite suite, PrivateKey key, X509Certificate certificate) {
        this.suite = suite;
        this.key = key;
        this.certificate = certificate;
        this.fingerprint = suite.fingerprint(certificate);
    }

    /**
     * @throws ProtocolException {@link io.fapiao.protocol.ErrorCode#CERTIFICATE_INVALID} when the
     *     certificate's key is neither P-256 nor SM2
     */
    public static RecipientKey of(PrivateKey key, X509Certificate certificate) throws ProtocolException {
        return new RecipientKey(CryptoSuite.of(certificate.getPublicKey()), key, certificate);
    }

    public CryptoSuite suite() {
        return suite;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The name senders address this key by: {@link CryptoSuite#fingerprint} of the certificate. */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * Recovers the content key wrapped for this recipient.
     *
     * @throws ProtocolException {@link io.fapiao.protocol.ErrorCode#DECRYPTION_FAILED} when it cannot
     */
    public ContentKey unwrap(WrappedKey wrapped) throws ProtocolException {
        return ContentKey.of(suite, suite.algorithms().unwrap(wrapped, key));
    }

    @Override
    public String toString() {
        return "RecipientKey[" + suite + ", " + certificate.getSubjectX500Principal() + "]";
    }
}
