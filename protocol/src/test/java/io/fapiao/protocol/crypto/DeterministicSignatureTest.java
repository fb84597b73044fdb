package io.fapiao.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.TestPki;
import io.fapiao.protocol.crypto.SignatureVectors.Vector;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.DSAKCalculator;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Signatures are deterministic and standard: RFC 6979's own P-256 vectors come out of {@link Signer}
 * byte for byte; the SM2 equations reproduce the GM/T 0003.5 example with its fixed k; the SM2 nonce
 * is exactly RFC 6979 with HMAC-SM3 over {@code d} and {@code e}, recomputed here by an independent
 * implementation of RFC 6979; and every vector verifies under a verifier that is not the signer's
 * code (the JDK's SunEC for ECDSA, BouncyCastle's SM2Signer for SM2; OpenSSL in OpenSslInteropIT).
 */
class DeterministicSignatureTest {
    static List<Vector> vectors() throws IOException, ProtocolException {
        return SignatureVectors.all();
    }

    static PrivateKey privateKey(Vector vector) throws Exception {
        ECNamedCurveParameterSpec spec = Curves.spec(vector.cryptoSuite());
        return KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                .generatePrivate(new ECPrivateKeySpec(vector.d(), spec));
    }

    static PublicKey publicKey(Vector vector) throws Exception {
        return vector.publicKeyObject();
    }

    /** A certificate for the vector's key, so that the signer is built exactly as the services build theirs. */
    static Signer signer(Vector vector) throws Exception {
        TestPki pki = TestPki.of(vector.cryptoSuite());
        return Signer.of(
                privateKey(vector), pki.hospitalCa().certify(publicKey(vector), IdentityProfile.named(vector.name())));
    }

    @TestFactory
    Stream<DynamicTest> theSignerReproducesEveryDerivedVectorByteForByte() throws Exception {
        return vectors().stream()
                .filter(v -> v.kDerivation().equals("rfc6979"))
                .map(v -> DynamicTest.dynamicTest(v.name(), () -> {
                    Signer signer = signer(v);
                    assertThat(signer.deterministic()).isTrue();
                    byte[] signature = signer.sign(v.messageBytes());
                    assertThat(Hex.toHexString(signature)).isEqualTo(v.signature());
                    BigInteger[] rs = decode(signature);
                    assertThat(rs[0]).isEqualTo(new BigInteger(v.r(), 16));
                    assertThat(rs[1]).isEqualTo(new BigInteger(v.s(), 16));
                    assertThat(independentlyVerified(v, signature)).isTrue();
                }));
    }

    @TestFactory
    Stream<DynamicTest> theNonceIsRfc6979WithTheSuitesHashOverTheKeyAndTheMessageHash() throws Exception {
        return vectors().stream()
                .filter(v -> v.kDerivation().equals("rfc6979"))
                .map(v -> DynamicTest.dynamicTest(v.name(), () -> {
                    CryptoSuite suite = v.cryptoSuite();
                    BigInteger n = Curves.spec(suite).getN();
                    byte[] h1 = suite == CryptoSuite.INTL
                            ? MessageDigest.getInstance("SHA-256").digest(v.messageBytes())
                            : e(v);
                    if (suite == CryptoSuite.GM) {
                        assertThat(Hex.toHexString(h1)).isEqualTo(v.e());
                    }
                    String mac = suite == CryptoSuite.INTL ? "HmacSHA256" : "HMACSM3";
                    BigInteger k = rfc6979(mac, n, v.d(), h1);
                    assertThat(k).isEqualTo(new BigInteger(v.k(), 16));
                    // And that k is the one the signature was made with.
                    BigInteger[] rs = decode(Hex.decode(v.signature()));
                    assertThat(nonceOf(suite, v.d(), h1, rs)).isEqualTo(k);
                }));
    }

    @Test
    void theSm2EquationsReproduceTheGmT0003ExampleWithItsFixedNonce() throws Exception {
        Vector v = vectors().stream()
                .filter(x -> x.kDerivation().equals("fixed"))
                .findFirst()
                .orElseThrow();
        ECPrivateKeyParameters key = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(privateKey(v));
        assertThat(Hex.toHexString(e(v))).isEqualTo(v.e());

        BigInteger[] rs = DeterministicSm2.sign(
                key,
                v.userId().getBytes(StandardCharsets.US_ASCII),
                v.messageBytes(),
                fixed(new BigInteger(v.k(), 16)));
        assertThat(rs[0]).isEqualTo(new BigInteger(v.r(), 16));
        assertThat(rs[1]).isEqualTo(new BigInteger(v.s(), 16));
        assertThat(independentlyVerified(v, Hex.decode(v.signature()))).isTrue();
        assertThat(decode(Hex.decode(v.signature()))).containsExactly(rs);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void theSameMessageSignsToTheSameBytesAcrossSignersAndDifferentMessagesGetDifferentNonces(CryptoSuite suite)
            throws Exception {
        Identity hospital = TestPki.of(suite).hospital();
        byte[] message = "header digest stand-in".getBytes(StandardCharsets.UTF_8);
        byte[] first = hospital.signer().sign(message);
        // A new signer over the same key (a restarted service) makes the same signature.
        Signer restarted = Signer.of(hospital.privateKey(), hospital.certificate());
        assertThat(restarted.sign(message))
                .isEqualTo(first)
                .isEqualTo(hospital.signer().sign(message.clone()));

        SecureRandom random = new SecureRandom();
        Set<BigInteger> rs = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            byte[] other = new byte[32];
            random.nextBytes(other);
            byte[] signature = restarted.sign(other);
            assertThat(suite.verify(hospital.certificate().getPublicKey(), other, signature))
                    .isTrue();
            rs.add(decode(signature)[0]);
        }
        rs.add(decode(first)[0]);
        // r is a function of k (and, in SM2, of e): 65 messages, 65 different r, so no nonce was reused.
        assertThat(rs).hasSize(65);
        // A one-bit change of the message changes the whole signature.
        byte[] flipped = message.clone();
        flipped[0] ^= 1;
        assertThat(decode(restarted.sign(flipped))[0]).isNotEqualTo(decode(first)[0]);
    }

    @Test
    void anSm2SignatureOfAKeyLoadedFromPemIsTheSameAsOfTheKeyInMemory() throws Exception {
        Identity hospital = TestPki.of(CryptoSuite.GM).hospital();
        PrivateKey reloaded = Pem.privateKey(Pem.privateKey(hospital.privateKey()));
        byte[] message = "reloaded".getBytes(StandardCharsets.US_ASCII);
        assertThat(Signer.of(reloaded, hospital.certificate()).sign(message))
                .isEqualTo(hospital.signer().sign(message));
    }

    // ---- independent checks ----

    /** ECDSA by the JDK's own provider; SM2 by BouncyCastle's SM2Signer, not by {@link DeterministicSm2}. */
    private static boolean independentlyVerified(Vector v, byte[] signature) throws Exception {
        byte[] spki = publicKey(v).getEncoded();
        if (v.cryptoSuite() == CryptoSuite.INTL) {
            Signature verifier = Signature.getInstance("SHA256withECDSA", "SunEC");
            verifier.initVerify(KeyFactory.getInstance("EC", "SunEC").generatePublic(new X509EncodedKeySpec(spki)));
            verifier.update(v.messageBytes());
            return verifier.verify(signature);
        }
        SM2Signer verifier = new SM2Signer();
        verifier.init(
                false,
                new ParametersWithID(
                        ECUtil.generatePublicKeyParameter(publicKey(v)),
                        v.userId().getBytes(StandardCharsets.US_ASCII)));
        verifier.update(v.messageBytes(), 0, v.messageBytes().length);
        return verifier.verifySignature(signature);
    }

    private static byte[] e(Vector v) throws Exception {
        ECNamedCurveParameterSpec spec = Curves.spec(CryptoSuite.GM);
        return DeterministicSm2.e(
                new ECDomainParameters(spec.getCurve(), spec.getG(), spec.getN()),
                spec.getCurve().decodePoint(Hex.decode(v.publicKey())),
                v.userId().getBytes(StandardCharsets.US_ASCII),
                v.messageBytes());
    }

    /** The nonce a signature was made with, solved from its equation and the private key. */
    private static BigInteger nonceOf(CryptoSuite suite, BigInteger d, byte[] h, BigInteger[] rs) {
        BigInteger n = Curves.spec(suite).getN();
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        if (suite == CryptoSuite.INTL) {
            return new BigInteger(1, h)
                    .add(r.multiply(d))
                    .multiply(s.modInverse(n))
                    .mod(n); // k = (h + rd) / s
        }
        return s.multiply(d.add(BigInteger.ONE)).add(r.multiply(d)).mod(n); // k = s(1 + d) + rd
    }

    /**
     * RFC 6979 §3.2 steps a-h, written from the RFC rather than taken from BouncyCastle, for a
     * 256-bit order and a 256-bit HMAC (the only case here), returning the first candidate in range.
     */
    static BigInteger rfc6979(String macName, BigInteger n, BigInteger x, byte[] h1) throws Exception {
        byte[] xOctets = BigIntegers.asUnsignedByteArray(32, x);
        byte[] hOctets = BigIntegers.asUnsignedByteArray(32, new BigInteger(1, h1).mod(n));
        byte[] v = new byte[32];
        Arrays.fill(v, (byte) 0x01);
        byte[] k = new byte[32];
        k = hmac(macName, k, v, new byte[] {0x00}, xOctets, hOctets);
        v = hmac(macName, k, v);
        k = hmac(macName, k, v, new byte[] {0x01}, xOctets, hOctets);
        v = hmac(macName, k, v);
        while (true) {
            v = hmac(macName, k, v);
            BigInteger candidate = new BigInteger(1, v);
            if (candidate.signum() > 0 && candidate.compareTo(n) < 0) {
                return candidate;
            }
            k = hmac(macName, k, v, new byte[] {0x00});
            v = hmac(macName, k, v);
        }
    }

    private static byte[] hmac(String name, byte[] key, byte[]... parts) throws Exception {
        Mac mac = name.equals("HmacSHA256") ? Mac.getInstance(name) : Mac.getInstance(name, BouncyCastle.PROVIDER);
        mac.init(new SecretKeySpec(key, name));
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    static BigInteger[] decode(byte[] der) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        return new BigInteger[] {
            ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue(),
            ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue()
        };
    }

    private static DSAKCalculator fixed(BigInteger k) {
        return new DSAKCalculator() {
            @Override
            public boolean isDeterministic() {
                return true;
            }

            @Override
            public void init(BigInteger n, SecureRandom random) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void init(BigInteger n, BigInteger d, byte[] message) {}

            @Override
            public BigInteger nextK() {
                return k;
            }
        };
    }
}
