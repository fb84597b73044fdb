package io.fapiao.httpsig;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Signer;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/**
 * The signature algorithms of RFC 9421 §3.3 this implementation speaks, named as in the IANA
 * registry. Both carry the signature as the fixed-length concatenation {@code r || s} (32 bytes
 * each, big-endian; §3.3.4), not DER. The key decides the algorithm; an {@code alg} parameter, when
 * present, must agree with it.
 *
 * <ul>
 *   <li>{@code ecdsa-p256-sha256}: ECDSA on P-256 over the SHA-256 of the signature base.</li>
 *   <li>{@code sm2-sm3}: SM2 with SM3 and the default user id (GB/T 32918), the GM suite's signature.
 *       Not in the IANA registry: an application-specific name both ends of a Fapiao link know.</li>
 * </ul>
 *
 * <pre>{@code
 * SignatureAlgorithm alg = SignatureAlgorithm.forKey(certificate.getPublicKey());
 * byte[] raw = alg.sign(signer, base);                // 64 bytes
 * boolean ok = alg.verify(certificate.getPublicKey(), base, raw);
 * }</pre>
 */
public enum SignatureAlgorithm {
    ECDSA_P256_SHA256("ecdsa-p256-sha256", CryptoSuite.INTL),
    SM2_SM3("sm2-sm3", CryptoSuite.GM);

    private static final int SCALAR_LENGTH = 32;

    private final String registeredName;
    private final CryptoSuite suite;

    SignatureAlgorithm(String registeredName, CryptoSuite suite) {
        this.registeredName = registeredName;
        this.suite = suite;
    }

    /** The name in the {@code alg} parameter. */
    public String registeredName() {
        return registeredName;
    }

    /** The algorithm a key signs with: P-256 → ecdsa-p256-sha256, SM2 → sm2-sm3. */
    public static SignatureAlgorithm forKey(PublicKey key) throws SignatureRefused {
        try {
            return CryptoSuite.of(key) == CryptoSuite.GM ? SM2_SM3 : ECDSA_P256_SHA256;
        } catch (ProtocolException e) {
            throw new SignatureRefused(
                    SignatureRefusal.UNSUPPORTED_ALGORITHM,
                    "the key is neither a P-256 nor an SM2 key; HTTP signatures use ecdsa-p256-sha256 or sm2-sm3");
        }
    }

    /** Signs the base with the signer's key; the signer must belong to this algorithm's suite. */
    public byte[] sign(Signer signer, byte[] base) {
        if (signer.suite() != suite) {
            throw new IllegalArgumentException(registeredName + " needs a " + suite + " key, not " + signer.suite());
        }
        return raw(signer.sign(base));
    }

    /** Whether {@code signature} ({@code r || s}) is this algorithm's signature of the base under the key. */
    public boolean verify(PublicKey key, byte[] base, byte[] signature) {
        if (signature.length != 2 * SCALAR_LENGTH) {
            return false;
        }
        byte[] der;
        try {
            der = new DERSequence(new ASN1Integer[] {
                        new ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, SCALAR_LENGTH))),
                        new ASN1Integer(new BigInteger(
                                1, java.util.Arrays.copyOfRange(signature, SCALAR_LENGTH, 2 * SCALAR_LENGTH)))
                    })
                    .getEncoded();
        } catch (IOException e) {
            return false;
        }
        return suite.verify(key, base, der);
    }

    /** The DER {@code SEQUENCE { r, s }} of a JCA signature as {@code r || s}, each left-padded to 32 bytes. */
    static byte[] raw(byte[] der) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        byte[] raw = new byte[2 * SCALAR_LENGTH];
        for (int i = 0; i < 2; i++) {
            byte[] scalar = ASN1Integer.getInstance(sequence.getObjectAt(i))
                    .getPositiveValue()
                    .toByteArray();
            int skip = scalar.length > SCALAR_LENGTH ? scalar.length - SCALAR_LENGTH : 0; // the sign byte
            int length = scalar.length - skip;
            System.arraycopy(scalar, skip, raw, i * SCALAR_LENGTH + SCALAR_LENGTH - length, length);
        }
        return raw;
    }

    /** The algorithm of an {@code alg} parameter value. */
    public static SignatureAlgorithm named(String name) throws SignatureRefused {
        for (SignatureAlgorithm algorithm : values()) {
            if (algorithm.registeredName.equals(name)) {
                return algorithm;
            }
        }
        throw new SignatureRefused(
                SignatureRefusal.UNSUPPORTED_ALGORITHM,
                "alg \"" + name + "\" is not supported; use ecdsa-p256-sha256 or sm2-sm3");
    }
}
