package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Base64Url;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/**
 * A named set of algorithms that every party of a bill uses together. The suite is chosen by the
 * signer's key: a P-256 key seals under {@link #INTL}, an SM2 key under {@link #GM}.
 *
 * <table>
 *   <caption>What each suite uses</caption>
 *   <tr><th></th><th>INTL</th><th>GM</th></tr>
 *   <tr><td>signature</td><td>ECDSA P-256 with SHA-256</td><td>SM2 with SM3, default user id</td></tr>
 *   <tr><td>digest</td><td>SHA-256</td><td>SM3</td></tr>
 *   <tr><td>content</td><td>AES-256-GCM</td><td>SM4-GCM</td></tr>
 *   <tr><td>key wrap</td><td>ECDH-ES P-256, HKDF-SHA-256, AES-256 key wrap</td><td>SM2 encryption (C1C3C2)</td></tr>
 * </table>
 *
 * <pre>{@code
 * CryptoSuite suite = CryptoSuite.of(certificate.getPublicKey());
 * byte[] digest = suite.digest(bytes);
 * boolean ok = suite.verify(certificate.getPublicKey(), message, signature);
 * }</pre>
 */
public enum CryptoSuite {
    INTL(new IntlAlgorithms()),
    GM(new GmAlgorithms());

    private final SuiteAlgorithms algorithms;

    CryptoSuite(SuiteAlgorithms algorithms) {
        this.algorithms = algorithms;
    }

    /** The suite whose name is given, as it appears in an envelope header. */
    public static CryptoSuite named(String name) throws ProtocolException {
        for (CryptoSuite suite : values()) {
            if (suite.name().equals(name)) {
                return suite;
            }
        }
        throw new ProtocolException(
                ErrorCode.UNSUPPORTED_SUITE, "suite '" + name + "' is not supported; use INTL or GM");
    }

    /**
     * The suite a public key belongs to.
     *
     * @throws ProtocolException {@link ErrorCode#CERTIFICATE_INVALID} when the key is neither a P-256
     *     nor an SM2 key
     */
    public static CryptoSuite of(PublicKey key) throws ProtocolException {
        return Curves.suiteOf(key);
    }

    /** The suite's hash of {@code data}: SHA-256 or SM3, 32 bytes either way. */
    public byte[] digest(byte[] data) {
        MessageDigest digest = newDigest();
        return digest.digest(data);
    }

    /** A fresh message digest of this suite, for callers that hash in several steps. */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(algorithms.digestAlgorithm(), BouncyCastle.PROVIDER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle lacks " + algorithms.digestAlgorithm(), e);
        }
    }

    /**
     * The name of a certificate: the base64url (unpadded) suite digest of its DER encoding. Recipients
     * of a sealed bill are named by it.
     */
    public String fingerprint(X509Certificate certificate) {
        try {
            return Base64Url.encode(digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /**
     * Whether {@code signature} (DER) is this suite's signature of {@code message} under {@code key}.
     * A signature that does not even parse is simply not valid: this never throws for bad input.
     */
    public boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithms.signatureAlgorithm(), BouncyCastle.PROVIDER);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** A fresh key pair on this suite's curve, for signing and for receiving sealed bills. */
    public KeyPair generateKeyPair() {
        return Curves.generate(this);
    }

    /** The JCA name of this suite's signature algorithm, for building certificates. */
    public String signatureAlgorithm() {
        return algorithms.signatureAlgorithm();
    }

    SuiteAlgorithms algorithms() {
        return algorithms;
    }
}
