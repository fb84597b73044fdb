package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A one-time symmetric key for one sealed payload: AES-256 (INTL) or SM4 (GM), always in GCM mode.
 * The key bytes never leave this class; callers encrypt, decrypt and wrap, and the nonce is drawn
 * here for every encryption, so no caller can reuse one.
 *
 * <pre>{@code
 * ContentKey key = ContentKey.generate(CryptoSuite.GM);
 * EncryptedContent sealed = key.encrypt(plaintext, aad);
 * WrappedKey forFinance = key.wrapFor(financeCertificate);
 * // at the finance bureau:
 * byte[] opened = financeKey.unwrap(forFinance).decrypt(sealed, aad);
 * }</pre>
 */
public final class ContentKey {
    private static final int TAG_BITS = 128;

    private final CryptoSuite suite;
    private final byte[] key;

    private ContentKey(CryptoSuite suite, byte[] key) {
        this.suite = suite;
        this.key = key;
    }

    /** A fresh random key of the suite's size. */
    public static ContentKey generate(CryptoSuite suite) {
        byte[] key = new byte[suite.algorithms().contentKeyBytes()];
        BouncyCastle.RANDOM.nextBytes(key);
        return new ContentKey(suite, key);
    }

    static ContentKey of(CryptoSuite suite, byte[] key) {
        return new ContentKey(suite, key.clone());
    }

    public CryptoSuite suite() {
        return suite;
    }

    /** Encrypts and authenticates {@code plaintext}, and authenticates {@code aad} alongside it. */
    public EncryptedContent encrypt(byte[] plaintext, byte[] aad) {
        byte[] nonce = new byte[EncryptedContent.NONCE_BYTES];
        BouncyCastle.RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
            cipher.updateAAD(aad);
            return new EncryptedContent(nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite + " content encryption is unavailable", e);
        }
    }

    /**
     * Decrypts what {@link #encrypt} made under the same key and the same {@code aad}.
     *
     * @throws ProtocolException {@link ErrorCode#DECRYPTION_FAILED} when anything was altered
     */
    public byte[] decrypt(EncryptedContent content, byte[] aad) throws ProtocolException {
        byte[] nonce = content.nonce(); // 12 bytes; the ciphertext itself is not copied
        if (nonce.length != EncryptedContent.NONCE_BYTES) {
            throw new ProtocolException(
                    ErrorCode.DECRYPTION_FAILED,
                    "nonce has " + nonce.length + " bytes; expected " + EncryptedContent.NONCE_BYTES);
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce);
            cipher.updateAAD(aad);
            return cipher.doFinal(content.ciphertextView());
        } catch (GeneralSecurityException e) {
            throw new ProtocolException(
                    ErrorCode.DECRYPTION_FAILED,
                    "payload did not authenticate: the ciphertext, nonce, header or recipient list was altered",
                    e);
        }
    }

    /** This key wrapped for the holder of {@code recipient}'s private key. */
    public WrappedKey wrapFor(X509Certificate recipient) {
        return suite.algorithms().wrap(key, recipient.getPublicKey(), suite.fingerprint(recipient));
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(suite.algorithms().contentCipher(), BouncyCastle.PROVIDER);
        cipher.init(
                mode,
                new SecretKeySpec(key, suite.algorithms().contentKeyAlgorithm()),
                new GCMParameterSpec(TAG_BITS, nonce));
        return cipher;
    }

    @Override
    public String toString() {
        return "ContentKey[" + suite + ", " + key.length * 8 + " bits]";
    }
}
