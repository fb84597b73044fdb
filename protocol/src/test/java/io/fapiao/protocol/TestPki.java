package io.fapiao.protocol;

import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A small consortium per suite for tests: a hospital CA with one signer, and a finance and an issuer
 * CA whose identities receive bills. Built once per suite and shared, since key generation is the
 * slow part of most tests.
 */
public record TestPki(
        CryptoSuite suite,
        CertificateAuthority hospitalCa,
        Identity hospital,
        CertificateAuthority financeCa,
        Identity finance,
        CertificateAuthority issuerCa,
        Identity issuer) {

    public static final Instant FROM = Instant.parse("2020-01-01T00:00:00Z");
    public static final Instant UNTIL = Instant.parse("2046-01-01T00:00:00Z");
    private static final Map<CryptoSuite, TestPki> SHARED = new EnumMap<>(CryptoSuite.class);

    public static synchronized TestPki of(CryptoSuite suite) {
        return SHARED.computeIfAbsent(suite, TestPki::create);
    }

    private static TestPki create(CryptoSuite suite) {
        CertificateAuthority hospitalCa = CertificateAuthority.create(suite, "HospitalOrg", "ca.hospital", FROM, UNTIL);
        CertificateAuthority financeCa = CertificateAuthority.create(suite, "FinanceOrg", "ca.finance", FROM, UNTIL);
        CertificateAuthority issuerCa = CertificateAuthority.create(suite, "IssuerOrg", "ca.issuer", FROM, UNTIL);
        return new TestPki(
                suite,
                hospitalCa,
                hospitalCa.issue(profile("his.hospital", "hospital")),
                financeCa,
                financeCa.issue(profile("verifier.finance", "finance")),
                issuerCa,
                issuerCa.issue(profile("issuer", "issuer")));
    }

    public static IdentityProfile profile(String name, String role) {
        return IdentityProfile.named(name)
                .withUnit("client")
                .withAttribute("role", role)
                .validBetween(FROM, UNTIL);
    }

    public List<X509Certificate> recipients() {
        return List.of(finance.certificate(), issuer.certificate());
    }

    public CertificateTrust trust() {
        return CertificateTrust.of(List.of(hospitalCa.certificate()));
    }
}
