package io.fapiao.service.testing;

import io.fapiao.httpsig.SigningHttpClient;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For the services' tests: a client CA of its own under a folder, the clients it registers with a
 * service ({@code fapiao.security.*} properties) and a signing HTTP client for each.
 *
 * <pre>{@code
 * TestClients clients = TestClients.create(dir.resolve("clients"));
 * TestClients.Client his = clients.register("his", List.of("his"), List.of(DevelopmentConsortiumPlan.hospital()));
 * properties.putAll(clients.properties());
 * HttpResponse<byte[]> answer = his.http().send("POST", uri, Map.of("Content-Type", "application/json"), body);
 * }</pre>
 */
public final class TestClients {
    private final Path dir;
    private final CertificateAuthority ca;
    private final List<Client> registered = new ArrayList<>();

    private TestClients(Path dir, CertificateAuthority ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** A fresh CA, its certificate at {@code dir/ca.pem}. */
    public static TestClients create(Path dir) throws Exception {
        Files.createDirectories(dir);
        CertificateAuthority ca = CertificateAuthority.create(
                CryptoSuite.INTL,
                "Test clients",
                "test-clients-ca",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(3650)));
        Files.writeString(dir.resolve("ca.pem"), Pem.certificate(ca.certificate()));
        return new TestClients(dir, ca);
    }

    /** The CA's certificate file. */
    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    public CertificateAuthority ca() {
        return ca;
    }

    /** A client with {@code roles}, acting for {@code submitters}, valid for a year, registered with the service. */
    public Client register(String name, List<String> roles, List<String> submitters) throws Exception {
        return register(name, roles, submitters, Instant.now().plus(Duration.ofDays(365)));
    }

    /** As {@link #register(String, List, List)}, its certificate valid until {@code until}. */
    public Client register(String name, List<String> roles, List<String> submitters, Instant until) throws Exception {
        Client client = issue(name, roles, submitters, until);
        registered.add(client);
        return client;
    }

    /** A client of the same CA that the service does not register. */
    public Client unregistered(String name) throws Exception {
        return issue(name, List.of(), List.of(), Instant.now().plus(Duration.ofDays(365)));
    }

    private Client issue(String name, List<String> roles, List<String> submitters, Instant until) throws Exception {
        Identity identity = ca.issue(IdentityProfile.named(name)
                .withUnit("client")
                .validBetween(Instant.now().minus(Duration.ofHours(1)), until));
        Path certificate = dir.resolve(name + ".pem");
        Files.writeString(certificate, Pem.certificate(identity.certificate()));
        return new Client(name, roles, submitters, identity, certificate, SigningHttpClient.of(identity));
    }

    /**
     * Revokes {@code client}'s certificate from now on: the CA's list in {@code dir/crls}, which the
     * service reads again when it changes.
     */
    public void revoke(Client client) throws Exception {
        Path crls = Files.createDirectories(dir.resolve("crls"));
        Files.write(
                crls.resolve("crl.pem.tmp"),
                TestCrls.revoking(
                        ca,
                        Instant.now().minusSeconds(1),
                        null,
                        client.identity().certificate(),
                        null));
        Files.move(
                crls.resolve("crl.pem.tmp"),
                crls.resolve("crl.pem"),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The service properties registering every client so far with this CA, and its revocation lists. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fapiao.security.client-authorities", caCertificate().toString());
        p.put("fapiao.security.client-crls", dir.resolve("crls").toString());
        for (int i = 0; i < registered.size(); i++) {
            Client client = registered.get(i);
            String prefix = "fapiao.security.clients[" + i + "]";
            p.put(prefix + ".name", client.name());
            p.put(prefix + ".certificate", client.certificate().toString());
            p.put(prefix + ".roles", String.join(",", client.roles()));
            if (!client.submitters().isEmpty()) {
                p.put(prefix + ".submitters", String.join(",", client.submitters()));
            }
        }
        return p;
    }

    /**
     * One client.
     *
     * @param certificate its certificate's file
     * @param http        a signing HTTP client with its key
     */
    public record Client(
            String name,
            List<String> roles,
            List<String> submitters,
            Identity identity,
            Path certificate,
            SigningHttpClient http) {}
}
