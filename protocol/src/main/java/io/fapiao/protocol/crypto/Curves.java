package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;

/** The two curves of the protocol and the conversions between keys and points. */
final class Curves {
    static final String P256 = "secp256r1";
    static final String SM2 = "sm2p256v1";
    private static final ECNamedCurveParameterSpec P256_SPEC = ECNamedCurveTable.getParameterSpec(P256);
    private static final ECNamedCurveParameterSpec SM2_SPEC = ECNamedCurveTable.getParameterSpec(SM2);

    private Curves() {}

    static String curveName(CryptoSuite suite) {
        return suite == CryptoSuite.INTL ? P256 : SM2;
    }

    static ECNamedCurveParameterSpec spec(CryptoSuite suite) {
        return suite == CryptoSuite.INTL ? P256_SPEC : SM2_SPEC;
    }

    static KeyPair generate(CryptoSuite suite) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
            generator.initialize(new ECGenParameterSpec(curveName(suite)), BouncyCastle.RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + suite + " key pair", e);
        }
    }

    static CryptoSuite suiteOf(PublicKey key) throws ProtocolException {
        ECPublicKey ecKey = toBouncyCastle(key);
        if (ecKey != null) {
            if (ecKey.getParameters().getCurve().equals(P256_SPEC.getCurve())) {
                return CryptoSuite.INTL;
            }
            if (ecKey.getParameters().getCurve().equals(SM2_SPEC.getCurve())) {
                return CryptoSuite.GM;
            }
        }
        throw new ProtocolException(
                ErrorCode.CERTIFICATE_INVALID,
                "key is "
                        + (key == null ? "missing" : key.getAlgorithm() + " on an unsupported curve")
                        + "; use a P-256 (INTL) or SM2 (GM) key");
    }

    /** The uncompressed X9.62 encoding of a public key's point. */
    static byte[] encodePoint(PublicKey key) {
        ECPublicKey ecKey = toBouncyCastle(key);
        if (ecKey == null) {
            throw new IllegalArgumentException("not an EC public key");
        }
        return ecKey.getQ().getEncoded(false);
    }

    /** The public key at an encoded point; refuses points that are not on the suite's curve. */
    static PublicKey decodePoint(CryptoSuite suite, byte[] encoded) throws GeneralSecurityException {
        ECNamedCurveParameterSpec spec = spec(suite);
        ECPoint point;
        try {
            point = spec.getCurve().decodePoint(encoded);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("not a point on " + curveName(suite), e);
        }
        if (point.isInfinity() || !point.isValid()) {
            throw new GeneralSecurityException("invalid point on " + curveName(suite));
        }
        return KeyFactory.getInstance("EC", BouncyCastle.PROVIDER).generatePublic(new ECPublicKeySpec(point, spec));
    }

    private static ECPublicKey toBouncyCastle(PublicKey key) {
        if (key instanceof ECPublicKey ecKey) {
            return ecKey;
        }
        if (!(key instanceof java.security.interfaces.ECPublicKey)) {
            return null;
        }
        try {
            return (ECPublicKey)
                    KeyFactory.getInstance("EC", BouncyCastle.PROVIDER).translateKey(key);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
