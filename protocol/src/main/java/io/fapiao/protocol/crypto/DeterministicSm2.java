package io.fapiao.protocol.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.DSAKCalculator;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 signatures (GB/T 32918.2-2016 §6.1) whose nonce is derived, not drawn: signing the same
 * message with the same key twice gives the same bytes, so a record re-signed after a crash is
 * byte-for-byte the record signed the first time.
 *
 * <p>How {@code k} is derived. With {@code Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA)} and
 * {@code e = SM3(Z ‖ M)} as the standard computes them, {@code k} is the output of RFC 6979 §3.2
 * with {@code H = SM3}, private key {@code x = d} and message hash {@code h1 = e}: the HMAC-DRBG
 * (HMAC-SM3) seeded with {@code int2octets(d) ‖ bits2octets(e)}, candidates outside
 * {@code [1, n-1]} discarded. BouncyCastle's {@link HMacDSAKCalculator}, which is the RFC 6979
 * generator for any digest, does this; a candidate the SM2 equations reject ({@code r = 0},
 * {@code r + k = n}, {@code s = 0}; probability about 2<sup>-255</sup>) is followed by the
 * generator's next output.
 *
 * <p>Why it is safe. The one way an SM2 (or ECDSA) nonce betrays the key is being reused for a
 * different message, or being predictable or biased: a known {@code k} gives
 * {@code d = (k - s) / (s + r)}, and two signatures sharing one {@code k} give
 * {@code d = (s2 - s1) / (s1 - s2 + r1 - r2)}. Here {@code k} is a pseudo-random function (HMAC-SM3 keyed by the
 * private key) of {@code e}; a different message gives a different {@code e} unless SM3 collides,
 * which would already let anyone move a signature from one message to the other; so two messages
 * never share a nonce, and nobody without {@code d} can predict one. Candidates are rejected rather
 * than reduced mod {@code n}, so {@code k} carries no bias. The same message signed again gets the
 * same {@code k} and so the same signature, which tells nobody anything new. Because {@code e}
 * includes {@code Z}, the nonce also depends on the public key and the signer id.
 *
 * <p>Why every verifier accepts it. SM2 verification (§7.1) uses only {@code r}, {@code s}, the
 * public key and {@code e}; how the signer chose {@code k} in {@code [1, n-1]} is invisible to it.
 * The signature is the standard DER {@code SEQUENCE {r, s}}; BouncyCastle's {@code SM2Signer} and
 * OpenSSL 3 verify it (CryptoSuiteTest, OpenSslInteropIT).
 *
 * <pre>{@code
 * byte[] der = DeterministicSm2.sign(privateKey, DeterministicSm2.DEFAULT_USER_ID, message);
 * assert Arrays.equals(der, DeterministicSm2.sign(privateKey, DeterministicSm2.DEFAULT_USER_ID, message));
 * }</pre>
 */
final class DeterministicSm2 {
    /** The standard default signer id (GB/T 35276), which Fapiao always uses. */
    static final byte[] DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private DeterministicSm2() {}

    /** The DER signature of {@code message} under {@code key} and {@code userId}, with the derived nonce. */
    static byte[] sign(ECPrivateKeyParameters key, byte[] userId, byte[] message) {
        BigInteger n = key.getParameters().getN();
        BigInteger[] rs = sign(key, userId, message, new HMacDSAKCalculator(new SM3Digest()));
        try {
            return StandardDSAEncoding.INSTANCE.encode(n, rs[0], rs[1]);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a signature of two integers below n cannot fail to encode", e);
        }
    }

    /**
     * {@code (r, s)} with the nonce from {@code nonces}, initialised here with {@code d} and
     * {@code e}. Tests pass a fixed nonce to check the equations against the standard's example.
     */
    static BigInteger[] sign(ECPrivateKeyParameters key, byte[] userId, byte[] message, DSAKCalculator nonces) {
        ECDomainParameters domain = key.getParameters();
        BigInteger n = domain.getN();
        BigInteger d = key.getD();
        ECPoint publicPoint =
                new FixedPointCombMultiplier().multiply(domain.getG(), d).normalize();
        byte[] eBytes = e(domain, publicPoint, userId, message);
        BigInteger e = new BigInteger(1, eBytes);
        nonces.init(n, d, eBytes);
        BigInteger inverse = BigIntegers.modOddInverse(n, d.add(BigInteger.ONE));
        while (true) {
            BigInteger k = nonces.nextK();
            ECPoint kG =
                    new FixedPointCombMultiplier().multiply(domain.getG(), k).normalize();
            BigInteger r = e.add(kG.getAffineXCoord().toBigInteger()).mod(n);
            if (r.signum() == 0 || r.add(k).equals(n)) {
                continue;
            }
            BigInteger s = inverse.multiply(k.subtract(r.multiply(d))).mod(n);
            if (s.signum() != 0) {
                return new BigInteger[] {r, s};
            }
        }
    }

    /** {@code e = SM3(Z ‖ M)}, 32 bytes. */
    static byte[] e(ECDomainParameters domain, ECPoint publicPoint, byte[] userId, byte[] message) {
        if (userId.length > 8191) {
            throw new IllegalArgumentException("an SM2 signer id has at most 8191 bytes");
        }
        SM3Digest digest = new SM3Digest();
        int bits = userId.length * 8;
        digest.update((byte) (bits >>> 8));
        digest.update((byte) bits);
        digest.update(userId, 0, userId.length);
        ECPoint point = ECAlgorithms.cleanPoint(domain.getCurve(), publicPoint).normalize();
        field(digest, domain.getCurve().getA().getEncoded());
        field(digest, domain.getCurve().getB().getEncoded());
        field(digest, domain.getG().normalize().getAffineXCoord().getEncoded());
        field(digest, domain.getG().normalize().getAffineYCoord().getEncoded());
        field(digest, point.getAffineXCoord().getEncoded());
        field(digest, point.getAffineYCoord().getEncoded());
        byte[] z = new byte[digest.getDigestSize()];
        digest.doFinal(z, 0);

        digest.update(z, 0, z.length);
        digest.update(message, 0, message.length);
        byte[] e = new byte[digest.getDigestSize()];
        digest.doFinal(e, 0);
        return e;
    }

    private static void field(SM3Digest digest, byte[] encoded) {
        digest.update(encoded, 0, encoded.length);
    }
}
