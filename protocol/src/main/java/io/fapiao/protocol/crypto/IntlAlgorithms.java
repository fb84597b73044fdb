package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import javax.crypto.KeyAgreement;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESWrapEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * INTL: ECDSA P-256 / SHA-256 / AES-256-GCM, content keys wrapped by ECDH-ES: a one-time P-256 key
 * agrees a secret with the recipient's key, HKDF-SHA-256 turns it into a key-encryption key bound to
 * the ephemeral point and the recipient's fingerprint, and AES key wrap (RFC 3394) protects the
 * content key with an integrity check of its own.
 */
final class IntlAlgorithms implements SuiteAlgorithms {
    private static final byte[] KDF_LABEL = "fapiao/1 INTL key wrap".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String digestAlgorithm() {
        return "SHA-256";
    }

    @Override
    public String signatureAlgorithm() {
        return "SHA256withECDSA";
    }

    /**
     * ECDSA P-256 with SHA-256 and the nonce of RFC 6979 §3.2 (HMAC-SHA-256 DRBG over the private key
     * and the message hash): BouncyCastle's deterministic ECDSA, an ordinary ECDSA signature to every
     * verifier. It reproduces RFC 6979's own vectors (A.2.5).
     */
    @Override
    public byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA256withECDDSA", BouncyCastle.PROVIDER);
        signature.initSign(key);
        signature.update(message);
        return signature.sign();
    }

    @Override
    public String contentCipher() {
        return "AES/GCM/NoPadding";
    }

    @Override
    public String contentKeyAlgorithm() {
        return "AES";
    }

    @Override
    public int contentKeyBytes() {
        return 32;
    }

    @Override
    public WrappedKey wrap(byte[] contentKey, PublicKey recipient, String recipientFingerprint) {
        KeyPair ephemeral = Curves.generate(CryptoSuite.INTL);
        byte[] ephemeralPoint = Curves.encodePoint(ephemeral.getPublic());
        try {
            byte[] kek = keyEncryptionKey(ephemeral.getPrivate(), recipient, ephemeralPoint, recipientFingerprint);
            AESWrapEngine engine = new AESWrapEngine();
            engine.init(true, new KeyParameter(kek));
            return new WrappedKey(recipientFingerprint, ephemeralPoint, engine.wrap(contentKey, 0, contentKey.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("recipient key is not a usable P-256 key", e);
        }
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped, PrivateKey key) throws ProtocolException {
        try {
            byte[] ephemeralPoint = wrapped.ephemeralKey();
            PublicKey ephemeral = Curves.decodePoint(CryptoSuite.INTL, ephemeralPoint);
            byte[] kek = keyEncryptionKey(key, ephemeral, ephemeralPoint, wrapped.recipientFingerprint());
            AESWrapEngine engine = new AESWrapEngine();
            engine.init(false, new KeyParameter(kek));
            byte[] wrappedBytes = wrapped.wrappedKey();
            byte[] contentKey = engine.unwrap(wrappedBytes, 0, wrappedBytes.length);
            if (contentKey.length != contentKeyBytes()) {
                throw new ProtocolException(ErrorCode.DECRYPTION_FAILED, "wrapped key has the wrong length");
            }
            return contentKey;
        } catch (GeneralSecurityException | InvalidCipherTextException | IllegalArgumentException e) {
            throw new ProtocolException(
                    ErrorCode.DECRYPTION_FAILED,
                    "content key could not be unwrapped: the wrapped key or ephemeral key was altered, or it was"
                            + " wrapped for another key",
                    e);
        }
    }

    private static byte[] keyEncryptionKey(
            PrivateKey own, PublicKey other, byte[] ephemeralPoint, String recipientFingerprint)
            throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH", BouncyCastle.PROVIDER);
        agreement.init(own);
        agreement.doPhase(other, true);
        byte[] shared = agreement.generateSecret();

        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(KDF_LABEL);
        info.write(0);
        info.writeBytes(ephemeralPoint);
        info.writeBytes(recipientFingerprint.getBytes(StandardCharsets.US_ASCII));

        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(shared, null, info.toByteArray()));
        byte[] kek = new byte[32];
        hkdf.generateBytes(kek, 0, kek.length);
        return kek;
    }
}
