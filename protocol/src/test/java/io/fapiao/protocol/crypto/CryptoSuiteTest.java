package io.fapiao.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CryptoSuiteTest {
    private static final byte[] MESSAGE = "header digest stand-in".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "aad".getBytes(StandardCharsets.UTF_8);

    @Test
    void digestsAreTheStandardOnes() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hex.toHexString(CryptoSuite.INTL.digest(abc)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        // GB/T 32905-2016, example 1
        assertThat(Hex.toHexString(CryptoSuite.GM.digest(abc)))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void signaturesVerifyOnlyForTheSignedMessageAndKey(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        Signer signer = pki.hospital().signer();
        byte[] signature = signer.sign(MESSAGE);

        assertThat(suite.verify(pki.hospital().certificate().getPublicKey(), MESSAGE, signature))
                .isTrue();
        assertThat(suite.verify(pki.finance().certificate().getPublicKey(), MESSAGE, signature))
                .isFalse();
        byte[] other = MESSAGE.clone();
        other[0] ^= 1;
        assertThat(suite.verify(pki.hospital().certificate().getPublicKey(), other, signature))
                .isFalse();
        byte[] garbage = {0x30, 0x01, 0x00};
        assertThat(suite.verify(pki.hospital().certificate().getPublicKey(), MESSAGE, garbage))
                .isFalse();
    }

    @Test
    void gmSignaturesUseTheStandardDefaultUserId() throws Exception {
        Identity hospital = TestPki.of(CryptoSuite.GM).hospital();
        byte[] signature = hospital.signer().sign(MESSAGE);

        SM2Signer verifier = new SM2Signer();
        verifier.init(
                false,
                new ParametersWithID(
                        ECUtil.generatePublicKeyParameter(hospital.certificate().getPublicKey()),
                        "1234567812345678".getBytes(StandardCharsets.US_ASCII)));
        verifier.update(MESSAGE, 0, MESSAGE.length);
        assertThat(verifier.verifySignature(signature)).isTrue();
    }

    @Test
    void intlSignaturesAreStandardEcdsaThatTheJdkVerifies() throws Exception {
        Identity hospital = TestPki.of(CryptoSuite.INTL).hospital();
        byte[] signature = hospital.signer().sign(MESSAGE);

        Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        jdk.initVerify(hospital.certificate().getPublicKey());
        jdk.update(MESSAGE);
        assertThat(jdk.verify(signature)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void suiteFollowsTheKey(CryptoSuite suite) throws ProtocolException {
        assertThat(CryptoSuite.of(suite.generateKeyPair().getPublic())).isEqualTo(suite);
    }

    @Test
    void otherCurvesAreRefused() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        KeyPair p384 = generator.generateKeyPair();
        assertThatThrownBy(() -> CryptoSuite.of(p384.getPublic()))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CERTIFICATE_INVALID));
        assertThatThrownBy(() -> CryptoSuite.named("RSA"))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_SUITE));
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void signerRefusesAKeyThatIsNotTheCertificates(CryptoSuite suite) {
        TestPki pki = TestPki.of(suite);
        assertThatThrownBy(() ->
                        Signer.of(pki.finance().privateKey(), pki.hospital().certificate()))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CERTIFICATE_INVALID));
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void contentRoundTripsAndRefusesAnyAlteration(CryptoSuite suite) throws ProtocolException {
        ContentKey key = ContentKey.generate(suite);
        byte[] plaintext = "{\"total\":2500}".getBytes(StandardCharsets.UTF_8);
        EncryptedContent sealed = key.encrypt(plaintext, AAD);

        assertThat(key.decrypt(sealed, AAD)).isEqualTo(plaintext);
        assertThat(key.encrypt(plaintext, AAD).nonce()).isNotEqualTo(sealed.nonce());
        assertDecryptionFails(() -> key.decrypt(sealed, "other".getBytes(StandardCharsets.UTF_8)));
        byte[] ciphertext = sealed.ciphertext();
        for (int i = 0; i < ciphertext.length; i++) {
            byte[] altered = ciphertext.clone();
            altered[i] ^= 0x01;
            assertDecryptionFails(() -> key.decrypt(new EncryptedContent(sealed.nonce(), altered), AAD));
        }
        byte[] nonce = sealed.nonce();
        nonce[3] ^= 0x40;
        assertDecryptionFails(() -> key.decrypt(new EncryptedContent(nonce, ciphertext), AAD));
        assertDecryptionFails(() -> key.decrypt(new EncryptedContent(new byte[8], ciphertext), AAD));
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void wrappedKeysOpenOnlyForTheirRecipient(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        ContentKey key = ContentKey.generate(suite);
        EncryptedContent sealed = key.encrypt(MESSAGE, AAD);
        WrappedKey forFinance = key.wrapFor(pki.finance().certificate());

        assertThat(forFinance.recipientFingerprint())
                .isEqualTo(suite.fingerprint(pki.finance().certificate()));
        assertThat(forFinance.ephemeralKey()).hasSize(suite == CryptoSuite.INTL ? 65 : 0);
        assertThat(pki.finance().recipientKey().unwrap(forFinance).decrypt(sealed, AAD))
                .isEqualTo(MESSAGE);
        assertDecryptionFails(() -> pki.issuer().recipientKey().unwrap(forFinance));

        byte[] wrapped = forFinance.wrappedKey();
        for (int i = 0; i < wrapped.length; i++) {
            byte[] altered = wrapped.clone();
            altered[i] ^= 0x01;
            WrappedKey tampered = new WrappedKey(forFinance.recipientFingerprint(), forFinance.ephemeralKey(), altered);
            assertDecryptionFails(() -> pki.finance().recipientKey().unwrap(tampered));
        }
        if (suite == CryptoSuite.INTL) {
            byte[] point = forFinance.ephemeralKey();
            point[20] ^= 0x01;
            WrappedKey offCurve = new WrappedKey(forFinance.recipientFingerprint(), point, wrapped);
            assertDecryptionFails(() -> pki.finance().recipientKey().unwrap(offCurve));
        }
    }

    private static void assertDecryptionFails(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
    }
}
