package io.fapiao.issuer.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configured clients are checked before anything is registered, and a mistake stops the start. */
class ClientBootstrapTest {
    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    private final CertificateAuthority consortium = ca("IssuerOrg");

    private static CertificateAuthority ca(String org) {
        return CertificateAuthority.create(
                CryptoSuite.INTL, org, "ca." + org, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));
    }

    private Path pem(String name, java.security.cert.X509Certificate certificate) throws Exception {
        return Files.writeString(dir.resolve(name + ".pem"), Pem.certificate(certificate));
    }

    private Path client(CertificateAuthority issuer, String name) throws Exception {
        Identity identity = issuer.issue(IdentityProfile.named(name).withUnit("client"));
        return pem(name, identity.certificate());
    }

    private List<RegisteredClient> configured(List<ClientProperties.Client> clients) throws Exception {
        ClientProperties properties = new ClientProperties(clients, List.of(pem("ca", consortium.certificate())));
        return new ClientBootstrap(properties, null).configuredClients();
    }

    @Test
    void aClientOfTheConsortiumCaIsRegisteredUnderItsCertificatesFingerprint() throws Exception {
        Path desk = client(consortium, "desk");
        Path shop = client(consortium, "shop");
        List<RegisteredClient> clients = configured(List.of(
                new ClientProperties.Client("desk", desk, List.of("issuer", "claimant"), null, true),
                new ClientProperties.Client(null, shop, List.of("enterprise"), SampleBills.uscc(2), true)));
        assertThat(clients.get(0).roles()).containsExactlyInAnyOrder(ClientRole.ISSUER, ClientRole.CLAIMANT);
        assertThat(clients.get(0).keyId())
                .isEqualTo(ClientRegistry.keyId(Pem.certificate(Files.readString(desk))))
                .hasSize(43);
        assertThat(clients.get(1).name()).contains("CN=shop");
        assertThat(clients.get(1).uscc()).isEqualTo(SampleBills.uscc(2));
    }

    @Test
    void aCertificateFromAnotherCaStopsTheStart() throws Exception {
        Path rogue = client(ca("RogueOrg"), "rogue");
        assertThatThrownBy(() ->
                        configured(List.of(new ClientProperties.Client("rogue", rogue, List.of("issuer"), null, true))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fapiao.issuer.clients[0].certificate")
                .hasMessageContaining("not a trusted");
    }

    @Test
    void anExpiredCertificateStopsTheStart() throws Exception {
        Identity old = consortium.issue(IdentityProfile.named("old")
                .withUnit("client")
                .validBetween(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1))));
        Path file = pem("old", old.certificate());
        assertThatThrownBy(() ->
                        configured(List.of(new ClientProperties.Client("old", file, List.of("issuer"), null, true))))
                .hasMessageContaining("expired");
    }

    @Test
    void rolesAndUsccAreChecked() throws Exception {
        Path desk = client(consortium, "desk");
        assertThatThrownBy(
                        () -> configured(List.of(new ClientProperties.Client("d", desk, List.of("admin"), null, true))))
                .hasMessageContaining("fapiao.issuer.clients[0].roles");
        assertThatThrownBy(() -> configured(List.of(new ClientProperties.Client("d", desk, List.of(), null, true))))
                .hasMessageContaining("roles is empty");
        assertThatThrownBy(() ->
                        configured(List.of(new ClientProperties.Client("d", desk, List.of("enterprise"), null, true))))
                .hasMessageContaining("no uscc");
        assertThatThrownBy(() -> configured(List.of(
                        new ClientProperties.Client("d", desk, List.of("enterprise"), "91350100M000100Y44", true))))
                .hasMessageContaining("not a valid unified social credit code");
    }

    @Test
    void clientsWithoutTrustedAuthoritiesStopTheStart() throws Exception {
        Path desk = client(consortium, "desk");
        ClientProperties properties = new ClientProperties(
                List.of(new ClientProperties.Client("d", desk, List.of("issuer"), null, true)), List.of());
        assertThatThrownBy(() -> new ClientBootstrap(properties, null).configuredClients())
                .hasMessageContaining("fapiao.issuer.client-authorities is empty");
    }
}
