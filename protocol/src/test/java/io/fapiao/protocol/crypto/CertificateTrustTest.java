package io.fapiao.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.TestPki;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateTrustTest {
    private static final Instant MID = Instant.parse("2030-06-01T00:00:00Z");

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void acceptsAnEndEntityOfATrustedAuthorityWhileValid(CryptoSuite suite) {
        TestPki pki = TestPki.of(suite);
        assertThatCode(() -> pki.trust().check(pki.hospital().certificate(), MID))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void refusesCertificatesOfOtherAuthorities(CryptoSuite suite) {
        TestPki pki = TestPki.of(suite);
        assertInvalid(() -> pki.trust().check(pki.finance().certificate(), MID), "not a trusted certificate authority");
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void refusesAnImpostorAuthorityWithTheSameName(CryptoSuite suite) {
        TestPki pki = TestPki.of(suite);
        CertificateAuthority impostor =
                CertificateAuthority.create(suite, "HospitalOrg", "ca.hospital", TestPki.FROM, TestPki.UNTIL);
        X509Certificate forged =
                impostor.issue(TestPki.profile("his.hospital", "hospital")).certificate();
        assertInvalid(() -> pki.trust().check(forged, MID), "is not signed by the trusted authority");
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void refusesOutsideTheValidityPeriod(CryptoSuite suite) {
        TestPki pki = TestPki.of(suite);
        Identity shortLived = pki.hospitalCa()
                .issue(TestPki.profile("temp", "hospital")
                        .validBetween(Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z")));
        assertInvalid(() -> pki.trust().check(shortLived.certificate(), MID), "expired");
        assertInvalid(
                () -> pki.trust().check(shortLived.certificate(), Instant.parse("2026-06-01T00:00:00Z")),
                "is valid only from");
        assertThatCode(() -> pki.trust().check(shortLived.certificate(), Instant.parse("2027-06-01T00:00:00Z")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void refusesTheAuthorityItselfAsASigner(CryptoSuite suite) {
        TestPki pki = TestPki.of(suite);
        CertificateTrust trust = CertificateTrust.of(List.of(pki.hospitalCa().certificate()));
        assertInvalid(() -> trust.check(pki.hospitalCa().certificate(), MID), "is a CA certificate");
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void pemRoundTripsCertificatesAndKeys(CryptoSuite suite) throws ProtocolException {
        Identity hospital = TestPki.of(suite).hospital();
        String certificatePem = Pem.certificate(hospital.certificate());
        String keyPem = Pem.privateKey(hospital.privateKey());

        assertThat(certificatePem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.certificate(certificatePem)).isEqualTo(hospital.certificate());
        assertThat(Pem.certificates(certificatePem
                        + Pem.certificate(TestPki.of(suite).hospitalCa().certificate())))
                .hasSize(2);
        Signer reloaded = Signer.of(Pem.privateKey(keyPem), Pem.certificate(certificatePem));
        assertThat(reloaded.suite()).isEqualTo(suite);
        assertThatThrownBy(() -> Pem.privateKey(certificatePem))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void certificatesCarryTheFabricRoleAttribute(CryptoSuite suite) {
        X509Certificate certificate = TestPki.of(suite).hospital().certificate();
        byte[] extension = certificate.getExtensionValue(CertificateAuthority.FABRIC_ATTRIBUTES_OID);
        assertThat(new String(extension, java.nio.charset.StandardCharsets.UTF_8))
                .endsWith("{\"attrs\":{\"role\":\"hospital\"}}");
        assertThat(certificate.getSubjectX500Principal().getName()).contains("OU=client", "O=HospitalOrg");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String why) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CERTIFICATE_INVALID);
            assertThat(e.getMessage()).contains(why);
        });
    }
}
