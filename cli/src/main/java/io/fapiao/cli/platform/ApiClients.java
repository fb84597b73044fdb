package io.fapiao.cli.platform;

import io.fapiao.ledger.client.development.DevelopmentConsortiumPlan;
import io.fapiao.ledger.client.development.GmMaterial;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The development platform's REST clients of the issuer API, each with a key and a certificate from
 * IssuerOrg's CA (the CA the issuer API accepts client certificates from): a billing desk that issues
 * and reverses, the enterprise's ERP that requests its own invoices, and an insurer that claims.
 * Generated once under {@code <home>/clients/<name>/{cert.pem,key.pem}}.
 *
 * <pre>{@code
 * List<ApiClients.Client> clients = ApiClients.openOrCreate(layout.clientsDirectory(), issuerCa);
 * Identity insurer = GmMaterial.read(layout.clientsDirectory().resolve(ApiClients.INSURER));
 * }</pre>
 */
public final class ApiClients {
    public static final String DESK = "billing-desk";
    public static final String ERP = "pharmacy-erp";
    public static final String INSURER = "insurer";

    /** One client: its folder name, roles and, for an enterprise, the USCC it acts for. */
    public record Client(String name, List<String> roles, String uscc) {}

    private ApiClients() {}

    /** The clients; their keys are generated under {@code dir} when missing. */
    public static List<Client> openOrCreate(Path dir, CertificateAuthority issuerCa) throws IOException {
        List<Client> clients = List.of(
                new Client(DESK, List.of("issuer"), null),
                new Client(ERP, List.of("enterprise"), DevelopmentConsortiumPlan.enterprise()),
                new Client(INSURER, List.of("claimant"), null));
        for (Client client : clients) {
            Path folder = dir.resolve(client.name());
            if (Files.isRegularFile(folder.resolve("cert.pem"))) {
                continue;
            }
            Identity identity = issuerCa.issue(IdentityProfile.named(client.name()).withUnit("client")
                    .validBetween(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(3650))));
            Files.createDirectories(folder);
            Path key = folder.resolve("key.pem");
            Files.deleteIfExists(key);
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, Pem.privateKey(identity.privateKey()));
            // The certificate last: its presence says the folder is complete.
            Files.writeString(folder.resolve("cert.pem"), Pem.certificate(identity.certificate()));
        }
        return clients;
    }

    /** A client's identity, to sign requests with. */
    public static Identity identity(Path dir, String name) throws IOException {
        return GmMaterial.read(dir.resolve(name));
    }
}
