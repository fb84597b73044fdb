package io.fapiao.service.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.service.testing.TestCrls;
import io.fapiao.service.trust.RevocationLists.Revocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RevocationListsTest {
    private static final Instant FROM = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
    private static final Instant UNTIL = FROM.plus(Duration.ofDays(400));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void aListWrittenAfterStartIsReadAtTheNextCheck(CryptoSuite suite) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(suite, "HospitalOrg", "ca.hospital", FROM, UNTIL);
        Identity signer = ca.issue(IdentityProfile.named("his").withUnit("client"));
        Identity other = ca.issue(IdentityProfile.named("his2").withUnit("client"));
        Path folder = dir.resolve("crls"); // does not exist yet, as in an MSP before the first revocation

        RevocationLists lists = RevocationLists.load(List.of(folder), List.of(ca.certificate()));
        assertThat(lists.revocationOf(signer.certificate())).isEmpty();

        Instant revokedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Files.createDirectories(folder);
        write(folder.resolve("crl.pem"), crl(ca, revokedAt, null, signer.certificate()));

        Optional<Revocation> revocation = lists.revocationOf(signer.certificate());
        assertThat(revocation).isPresent();
        assertThat(revocation.get().revokedAt()).isEqualTo(revokedAt);
        assertThat(revocation.get().reason()).isEqualTo("KEY_COMPROMISE");
        assertThat(revocation.get().effectiveAt(revokedAt)).isTrue();
        assertThat(revocation.get().effectiveAt(revokedAt.minusSeconds(1))).isFalse();
        assertThat(lists.revocationOf(other.certificate())).isEmpty();

        // Replaced by a list that no longer names it (a revocation lifted, as with certificateHold).
        write(folder.resolve("crl.pem"), crl(ca, revokedAt, null, other.certificate()));
        assertThat(lists.revocationOf(signer.certificate())).isEmpty();
        assertThat(lists.revocationOf(other.certificate())).isPresent();
    }

    @Test
    void anInvalidityDateBeforeTheRevocationDecides() throws Exception {
        CertificateAuthority ca =
                CertificateAuthority.create(CryptoSuite.INTL, "HospitalOrg", "ca.hospital", FROM, UNTIL);
        Identity signer = ca.issue(IdentityProfile.named("his").withUnit("client"));
        Instant revokedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant compromisedAt = revokedAt.minus(Duration.ofDays(2));
        write(dir.resolve("crl.pem"), crl(ca, revokedAt, compromisedAt, signer.certificate()));

        Revocation revocation = RevocationLists.load(List.of(dir), List.of(ca.certificate()))
                .revocationOf(signer.certificate())
                .orElseThrow();
        assertThat(revocation.invalidAt()).isEqualTo(compromisedAt);
        assertThat(revocation.effectiveAt(compromisedAt.plusSeconds(1))).isTrue();
        assertThat(revocation.effectiveAt(compromisedAt.minusSeconds(1))).isFalse();
    }

    @Test
    void aListNoTrustedAuthoritySignedIsAnErrorNotAnEmptyList() throws Exception {
        CertificateAuthority trusted =
                CertificateAuthority.create(CryptoSuite.INTL, "HospitalOrg", "ca.hospital", FROM, UNTIL);
        // Same name, other key: only the signature tells them apart.
        CertificateAuthority impostor =
                CertificateAuthority.create(CryptoSuite.INTL, "HospitalOrg", "ca.hospital", FROM, UNTIL);
        Identity signer = trusted.issue(IdentityProfile.named("his").withUnit("client"));
        RevocationLists lists = RevocationLists.load(List.of(dir), List.of(trusted.certificate()));

        write(dir.resolve("crl.pem"), crl(impostor, Instant.now(), null, signer.certificate()));
        assertThatThrownBy(() -> lists.revocationOf(signer.certificate()))
                .isInstanceOf(RevocationListUnavailable.class)
                .hasMessageContaining("not signed by any trusted certificate authority");

        write(dir.resolve("crl.pem"), "not a revocation list".getBytes());
        assertThatThrownBy(() -> lists.revocationOf(signer.certificate()))
                .isInstanceOf(RevocationListUnavailable.class)
                .hasMessageContaining("crl.pem");
    }

    @Test
    void aListPastItsNextUpdateHoldsVerdictsBackUnlessStaleListsAreAllowed() throws Exception {
        CertificateAuthority ca =
                CertificateAuthority.create(CryptoSuite.INTL, "HospitalOrg", "ca.hospital", FROM, UNTIL);
        Identity signer = ca.issue(IdentityProfile.named("his").withUnit("client"));
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = issued.plus(Duration.ofDays(7));
        write(dir.resolve("crl.pem"), crl(ca, issued, null, signer.certificate(), nextUpdate));
        List<X509Certificate> cas = List.of(ca.certificate());

        Clock before = Clock.fixed(nextUpdate.minusSeconds(1), ZoneOffset.UTC);
        assertThat(RevocationLists.load(List.of(dir), cas, false, before).revocationOf(signer.certificate()))
                .isPresent();

        Clock after = Clock.fixed(nextUpdate.plusSeconds(1), ZoneOffset.UTC);
        assertThatThrownBy(() ->
                        RevocationLists.load(List.of(dir), cas, false, after).revocationOf(signer.certificate()))
                .isInstanceOf(RevocationListUnavailable.class)
                .hasMessageContaining("was due to be replaced at " + nextUpdate)
                .hasMessageContaining("fapiao.verifier.trust.allow-stale-crls");
        // Allowed by setting: used, with a warning, and still says what it revokes.
        assertThat(RevocationLists.load(List.of(dir), cas, true, after).revocationOf(signer.certificate()))
                .isPresent();
    }

    private void write(Path file, byte[] content) throws Exception {
        Path staging = file.resolveSibling(".staging");
        Files.write(staging, content);
        Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[] crl(CertificateAuthority ca, Instant revokedAt, Instant invalidAt, X509Certificate revoked)
            throws Exception {
        return crl(ca, revokedAt, invalidAt, revoked, null);
    }

    private static byte[] crl(
            CertificateAuthority ca, Instant revokedAt, Instant invalidAt, X509Certificate revoked, Instant nextUpdate)
            throws Exception {
        return TestCrls.revoking(ca, revokedAt, invalidAt, revoked, nextUpdate);
    }
}
