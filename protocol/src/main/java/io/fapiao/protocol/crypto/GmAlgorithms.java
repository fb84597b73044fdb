package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * GM: SM2 signatures with SM3 and the standard default user id (GB/T 32918.2, id 1234567812345678),
 * SM3 digests, SM4-GCM content encryption, and the content key encrypted to each recipient with SM2
 * public-key encryption (GB/T 32918.4), ciphertext laid out C1 || C3 || C2 with C1 uncompressed.
 */
final class GmAlgorithms implements SuiteAlgorithms {

    @Override
    public String digestAlgorithm() {
        return "SM3";
    }

    @Override
    public String signatureAlgorithm() {
        return "SM3withSM2";
    }

    /** SM2 with SM3 and the default user id, the nonce derived RFC-6979-style ({@link DeterministicSm2}). */
    @Override
    public byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        if (!(ECUtil.generatePrivateKeyParameter(key) instanceof ECPrivateKeyParameters ecKey)) {
            throw new InvalidKeyException("not an EC private key");
        }
        if (!ecKey.getParameters().getCurve().equals(Curves.spec(CryptoSuite.GM).getCurve())) {
            throw new InvalidKeyException("not an SM2 (sm2p256v1) key");
        }
        return DeterministicSm2.sign(ecKey, DeterministicSm2.DEFAULT_USER_ID, message);
    }

    @Override
    public String contentCipher() {
        return "SM4/GCM/NoPadding";
    }

    @Override
    public String contentKeyAlgorithm() {
        return "SM4";
    }

    @Override
    public int contentKeyBytes() {
        return 16;
    }

    @Override
    public WrappedKey wrap(byte[] contentKey, PublicKey recipient, String recipientFingerprint) {
        try {
            SM2Engine engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
            engine.init(
                    true, new ParametersWithRandom(ECUtil.generatePublicKeyParameter(recipient), BouncyCastle.RANDOM));
            return new WrappedKey(recipientFingerprint, null, engine.processBlock(contentKey, 0, contentKey.length));
        } catch (GeneralSecurityException | InvalidCipherTextException e) {
            throw new IllegalArgumentException("recipient key is not a usable SM2 key", e);
        }
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped, PrivateKey key) throws ProtocolException {
        try {
            if (wrapped.ephemeralKey().length != 0) {
                throw new ProtocolException(ErrorCode.DECRYPTION_FAILED, "a GM wrapped key carries no ephemeral key");
            }
            SM2Engine engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
            engine.init(false, ECUtil.generatePrivateKeyParameter(key));
            byte[] wrappedBytes = wrapped.wrappedKey();
            byte[] contentKey = engine.processBlock(wrappedBytes, 0, wrappedBytes.length);
            if (contentKey.length != contentKeyBytes()) {
                throw new ProtocolException(ErrorCode.DECRYPTION_FAILED, "wrapped key has the wrong length");
            }
            return contentKey;
        } catch (GeneralSecurityException | InvalidCipherTextException | RuntimeException e) {
            throw new ProtocolException(
                    ErrorCode.DECRYPTION_FAILED,
                    "content key could not be decrypted: the wrapped key was altered, or it was encrypted for"
                            + " another key",
                    e);
        }
    }
}
