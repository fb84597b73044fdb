package io.fapiao.cli.platform;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.development.GmMaterial;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.Organisation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The properties file of each service of the one-machine platform: its port and data folder, the
 * ledger endpoint and the consortium identity it acts as, its GM key, the certificates it trusts, and
 * the database (the embedded H2 file, or PostgreSQL when {@code FAPIAO_DATABASE_URL} is set). Paths
 * point into the platform's folder; nothing secret is copied.
 *
 * <pre>{@code
 * new ServiceProfiles(layout, consortium, gm, clients, "127.0.0.1", System.getenv()).writeAll();   // <home>/services/*.properties
 * }</pre>
 */
final class ServiceProfiles {
    private static final FileAttribute<java.util.Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final PlatformLayout layout;
    private final Consortium consortium;
    private final GmMaterial gm;
    private final List<ApiClients.Client> clients;
    private final String bindAddress;
    private final Map<String, String> environment;

    ServiceProfiles(
            PlatformLayout layout,
            Consortium consortium,
            GmMaterial gm,
            List<ApiClients.Client> clients,
            String bindAddress,
            Map<String, String> environment) {
        this.layout = layout;
        this.consortium = consortium;
        this.gm = gm;
        this.clients = clients;
        this.bindAddress = bindAddress;
        this.environment = environment;
    }

    /** Writes the three services' files and the trust anchors; returns their paths. */
    List<Path> writeAll() throws Exception {
        Files.createDirectories(layout.servicesDirectory());
        List<Path> written = new ArrayList<>();
        written.add(write(PlatformLayout.HIS_ADAPTER, hisAdapter()));
        written.add(write(PlatformLayout.FINANCE_VERIFIER, financeVerifier()));
        written.add(write(PlatformLayout.ISSUER_API, issuerApi()));
        written.addAll(writeTrustAnchors());
        return written;
    }

    /**
     * Each organisation's CA certificate as {@code trust/<mspId>.pem}: the anchors an auditor gives
     * {@code fapiao verify-proof --trust}, taken from the consortium's MSP folders, not from a bundle;
     * and the GM CA as {@code trust/gm-ca.pem}, which certifies the SM2 keys that sign GM bills and
     * invoice documents, so that {@code fapiao verify-document --trust} anchors a GM invoice too.
     */
    List<Path> writeTrustAnchors() throws IOException {
        Path trust = Files.createDirectories(layout.trustDirectory());
        List<Path> written = new ArrayList<>();
        for (Organisation organisation : consortium.organisations()) {
            Path anchor = trust.resolve(organisation.mspId() + ".pem");
            Files.copy(
                    onlyFile(organisationMsp(organisation.mspId()).resolve("cacerts")),
                    anchor,
                    StandardCopyOption.REPLACE_EXISTING);
            written.add(anchor);
        }
        Path gmAnchor = trust.resolve("gm-ca.pem");
        Files.copy(gm.caCertificate(), gmAnchor, StandardCopyOption.REPLACE_EXISTING);
        written.add(gmAnchor);
        return written;
    }

    Map<String, String> hisAdapter() throws Exception {
        Map<String, String> p = common(PlatformLayout.HIS_ADAPTER, DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1");
        p.put("fapiao.his.submitters", String.join(",", DevelopmentConsortiumPlan.SUBMITTERS.keySet()));
        p.put("fapiao.his.suite", "INTL");
        // The third hospital seals under the Chinese GM suite (SM2/SM3/SM4), the others under INTL.
        p.put("fapiao.his.suites." + DevelopmentConsortiumPlan.hospitals().get(2), "GM");
        p.put("fapiao.his.gm-seals-dir", gm.directory().resolve("seal").toString());
        p.put(
                "fapiao.his.recipients.intl",
                String.join(
                        ",",
                        certificate(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1"),
                        certificate(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1")));
        p.put(
                "fapiao.his.recipients.gm",
                String.join(
                        ",",
                        gm.financeDirectory().resolve("cert.pem").toString(),
                        gm.issuerDirectory().resolve("cert.pem").toString()));
        registeredClients(p, PlatformLayout.HIS_ADAPTER);
        return p;
    }

    Map<String, String> financeVerifier() throws Exception {
        Map<String, String> p =
                common(PlatformLayout.FINANCE_VERIFIER, DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        gmIdentity(p, "fapiao.verifier.gm-identity", gm.financeDirectory());
        p.put("fapiao.verifier.trust.ca-certificates", signerAuthorities());
        p.put(
                "fapiao.verifier.trust.crls",
                organisationMsp(DevelopmentConsortiumPlan.HOSPITAL_MSP)
                        .resolve("crls")
                        .toString());
        registeredClients(p, PlatformLayout.FINANCE_VERIFIER);
        return p;
    }

    Map<String, String> issuerApi() throws Exception {
        Map<String, String> p = common(PlatformLayout.ISSUER_API, DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1");
        p.put("fapiao.issuer.name", DevelopmentConsortiumPlan.ISSUER_NAME);
        gmIdentity(p, "fapiao.issuer.gm-identity", gm.issuerDirectory());
        p.put("fapiao.issuer.trust.ca-certificates", signerAuthorities());
        p.put(
                "fapiao.issuer.requests.finance-certificate",
                certificate(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1"));
        Path claimant = consortium.userDirectory(DevelopmentConsortiumPlan.ISSUER_MSP, "claimant1");
        p.put("fapiao.issuer.claimant-identity.type", "PEM");
        p.put(
                "fapiao.issuer.claimant-identity.certificate",
                onlyFile(claimant.resolve("signcerts")).toString());
        p.put(
                "fapiao.issuer.claimant-identity.private-key",
                onlyFile(claimant.resolve("keystore")).toString());
        List<ApiClients.Client> registered = clientsOf(PlatformLayout.ISSUER_API);
        // The issuer keeps its clients in its own registry (with an enterprise's USCC); the shared layer
        // checks their standing against the same authorities' revocation lists.
        int a = 0;
        for (Path authority : authoritiesOf(registered)) {
            p.put("fapiao.issuer.client-authorities[" + a++ + "]", authority.toString());
        }
        int i = 0;
        for (ApiClients.Client client : registered) {
            String prefix = "fapiao.issuer.clients[" + i++ + "]";
            p.put(prefix + ".name", client.name());
            p.put(prefix + ".certificate", clientCertificate(client).toString());
            p.put(prefix + ".roles", String.join(",", client.rolesAt(PlatformLayout.ISSUER_API)));
            if (client.uscc() != null) {
                p.put(prefix + ".uscc", client.uscc());
            }
        }
        clientTrust(p, PlatformLayout.ISSUER_API, registered);
        return p;
    }

    /**
     * The clients {@code service} registers ({@code fapiao.security.clients}), the CAs their
     * certificates chain to, and those CAs' revocation lists, checked on every request.
     */
    private void registeredClients(Map<String, String> p, String service) throws IOException {
        List<ApiClients.Client> registered = clientsOf(service);
        int i = 0;
        for (ApiClients.Client client : registered) {
            String prefix = "fapiao.security.clients[" + i++ + "]";
            p.put(prefix + ".name", client.name());
            p.put(prefix + ".certificate", clientCertificate(client).toString());
            p.put(prefix + ".roles", String.join(",", client.rolesAt(service)));
            if (!client.submitters().isEmpty()) {
                p.put(prefix + ".submitters", String.join(",", client.submitters()));
            }
        }
        clientTrust(p, service, registered);
    }

    private void clientTrust(Map<String, String> p, String service, List<ApiClients.Client> registered)
            throws IOException {
        p.put(
                "fapiao.security.client-authorities",
                authoritiesOf(registered).stream().map(Path::toString).collect(Collectors.joining(",")));
        // A registered client may also present its certificate in the TLS handshake instead of signing.
        p.put("server.ssl.client-auth", "want");
        StringBuilder bundle = new StringBuilder();
        for (Path authority : authoritiesOf(registered)) {
            bundle.append(Files.readString(authority).strip()).append('\n');
        }
        Path authorities = Files.createDirectories(layout.tlsDirectory(service)).resolve("client-authorities.pem");
        Files.writeString(authorities, bundle);
        p.put("server.ssl.trust-certificate", authorities.toString());
        p.put(
                "fapiao.security.client-crls",
                registered.stream()
                        .map(ApiClients.Client::mspId)
                        .distinct()
                        .map(mspId -> organisationMsp(mspId).resolve("crls").toString())
                        .collect(Collectors.joining(",")));
    }

    private List<ApiClients.Client> clientsOf(String service) {
        return clients.stream()
                .filter(client -> !client.rolesAt(service).isEmpty())
                .toList();
    }

    private List<Path> authoritiesOf(List<ApiClients.Client> registered) throws IOException {
        List<Path> authorities = new ArrayList<>();
        for (String mspId :
                registered.stream().map(ApiClients.Client::mspId).distinct().toList()) {
            authorities.add(onlyFile(organisationMsp(mspId).resolve("cacerts")));
        }
        return authorities;
    }

    private Path clientCertificate(ApiClients.Client client) {
        return layout.clientsDirectory().resolve(client.name()).resolve("cert.pem");
    }

    /**
     * The CAs of bill signers: HospitalOrg's (INTL bills, signed by its Fabric identities), IssuerOrg's
     * (invoice requests the issuer takes in for REST clients and seals with its own key) and the GM CA
     * (submitters' SM2 seals).
     */
    private String signerAuthorities() {
        return String.join(
                ",",
                organisationMsp(DevelopmentConsortiumPlan.HOSPITAL_MSP)
                        .resolve("cacerts")
                        .toString(),
                organisationMsp(DevelopmentConsortiumPlan.ISSUER_MSP)
                        .resolve("cacerts")
                        .toString(),
                gm.caCertificate().toString());
    }

    /** What every service needs: port, HTTPS, data folder, database, ledger endpoint and identity. */
    private Map<String, String> common(String service, String mspId, String user) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", Integer.toString(layout.port(service)));
        // Loopback on one machine; HTTPS under the certificate of the organisation that runs the service.
        p.put("server.address", bindAddress);
        ServiceTls.Material tls =
                ServiceTls.openOrCreate(layout.tlsDirectory(service), service, consortium.certificateAuthority(mspId));
        p.put("server.ssl.certificate", tls.certificate().toString());
        p.put("server.ssl.certificate-private-key", tls.privateKey().toString());
        p.put("fapiao.data-dir", layout.dataDirectory(service).toString());
        String database = environment.get("FAPIAO_DATABASE_URL");
        if (database != null && !database.isBlank()) {
            String schema = service.replace('-', '_');
            p.put("spring.datasource.url", database + (database.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            p.put("spring.datasource.username", environment.getOrDefault("FAPIAO_DATABASE_USER", "fapiao"));
            p.put("spring.datasource.password", environment.getOrDefault("FAPIAO_DATABASE_PASSWORD", ""));
            p.put("spring.flyway.schemas", schema);
            p.put("spring.flyway.create-schemas", "true");
        }
        PlatformLayout.Gateway gateway = layout.gateway(mspId, consortium);
        p.put("fapiao.ledger.endpoint", gateway.endpoint());
        p.put("fapiao.ledger.tls-root-certificate", gateway.tlsRootCertificate().toString());
        p.put("fapiao.ledger.msp-id", mspId);
        Path msp = consortium.userDirectory(mspId, user);
        p.put("fapiao.identity.type", "PEM");
        p.put("fapiao.identity.certificate", onlyFile(msp.resolve("signcerts")).toString());
        p.put("fapiao.identity.private-key", onlyFile(msp.resolve("keystore")).toString());
        return p;
    }

    private static void gmIdentity(Map<String, String> p, String prefix, Path folder) {
        p.put(prefix + ".type", "PEM");
        p.put(prefix + ".certificate", folder.resolve("cert.pem").toString());
        p.put(prefix + ".private-key", folder.resolve("key.pem").toString());
    }

    private String certificate(String mspId, String user) throws Exception {
        return onlyFile(consortium.userDirectory(mspId, user).resolve("signcerts"))
                .toString();
    }

    private Path organisationMsp(String mspId) {
        Organisation organisation = consortium.organisations().stream()
                .filter(o -> o.mspId().equals(mspId))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no organisation " + mspId));
        return consortium
                .directory()
                .resolve("peerOrganizations")
                .resolve(organisation.domain())
                .resolve("msp");
    }

    private Path write(String service, Map<String, String> properties) throws IOException {
        Path file = layout.servicesDirectory().resolve(service + ".properties");
        String text =
                "# Written by `fapiao platform configure` on every ./fapiao up; edit the generator, not this file.\n"
                        + properties.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
                                .collect(Collectors.joining("\n", "", "\n"));
        // Secrets (the check-code key, key passwords, database credentials) live here: readable by the owner
        // alone from the first byte on, then moved over the old file in one step.
        Path fresh = Files.createTempFile(file.getParent(), service, ".properties.tmp", OWNER_ONLY);
        try {
            Files.writeString(fresh, text);
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(fresh);
        }
        return file;
    }

    static Path onlyFile(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            List<Path> all = files.toList();
            if (all.size() != 1) {
                throw new IOException("expected one file in " + folder + ", found " + all.size());
            }
            return all.get(0);
        }
    }
}
