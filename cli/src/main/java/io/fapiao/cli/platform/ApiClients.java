package io.fapiao.cli.platform;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.ledger.client.IdentityFolder;
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
import java.util.Map;

/**
 * The development platform's clients of its three services, each with a key and a certificate from
 * its own organisation's CA, and the roles each service gives it:
 * <ul>
 *   <li>{@value #HIS}, the hospitals' HIS (HospitalOrg): submits bills to the his-adapter for the
 *       development submitters, and reads their provenance at the finance verifier;</li>
 *   <li>{@value #CLINIC_HIS}, one more hospital's HIS (HospitalOrg), the same for the third development
 *       hospital only: what a hospital that shares the platform may and may not see;</li>
 *   <li>{@value #DESK} (IssuerOrg): issues and reverses at the issuer API;</li>
 *   <li>{@value #ERP} (IssuerOrg): the enterprise that requests its own invoices;</li>
 *   <li>{@value #INSURER} (IssuerOrg): claims invoices;</li>
 *   <li>{@value #AUDITOR} (AuditorOrg): reads every bill's provenance and proof;</li>
 *   <li>{@value #OPERATOR} (FinanceOrg, who runs the one-machine platform): verdicts, reconciliation and
 *       the actuator of all three services.</li>
 * </ul>
 * Generated once under {@code <home>/clients/<name>/{cert.pem,key.pem}}.
 *
 * <pre>{@code
 * List<ApiClients.Client> clients = ApiClients.openOrCreate(layout.clientsDirectory(), consortium::certificateAuthority);
 * Identity auditor = ApiClients.identity(layout.clientsDirectory(), ApiClients.AUDITOR);
 * }</pre>
 */
public final class ApiClients {
    public static final String HIS = "hospital-his";
    public static final String CLINIC_HIS = "clinic-his";
    public static final String DESK = "billing-desk";
    public static final String ERP = "pharmacy-erp";
    public static final String INSURER = "insurer";
    public static final String AUDITOR = "auditor";
    public static final String OPERATOR = "operator";

    /**
     * One client.
     *
     * @param name       its folder name
     * @param mspId      the organisation whose CA issues its certificate
     * @param roles      the roles each service ({@link PlatformLayout#HIS_ADAPTER}, ...) gives it
     * @param uscc       for an enterprise, the seller USCC it acts for at the issuer
     * @param submitters the submitters (USCCs) it acts for at the his-adapter and verifier
     */
    public record Client(
            String name, String mspId, Map<String, List<String>> roles, String uscc, List<String> submitters) {

        /** Its roles at {@code service}; empty when that service does not register it. */
        public List<String> rolesAt(String service) {
            return roles.getOrDefault(service, List.of());
        }
    }

    /** The CA of each organisation: the consortium's ({@code consortium::certificateAuthority}) on a platform. */
    @FunctionalInterface
    public interface Authorities {
        CertificateAuthority of(String mspId) throws Exception;
    }

    private ApiClients() {}

    /** The clients; their keys are generated under {@code dir} when missing, by their organisations' CAs. */
    public static List<Client> openOrCreate(Path dir, Authorities authorities) throws Exception {
        List<String> submitters = List.copyOf(DevelopmentConsortiumPlan.SUBMITTERS.keySet());
        List<Client> clients = List.of(
                new Client(
                        HIS,
                        DevelopmentConsortiumPlan.HOSPITAL_MSP,
                        Map.of(
                                PlatformLayout.HIS_ADAPTER,
                                List.of("his"),
                                PlatformLayout.FINANCE_VERIFIER,
                                List.of("submitter")),
                        null,
                        submitters),
                new Client(
                        CLINIC_HIS,
                        DevelopmentConsortiumPlan.HOSPITAL_MSP,
                        Map.of(
                                PlatformLayout.HIS_ADAPTER,
                                List.of("his"),
                                PlatformLayout.FINANCE_VERIFIER,
                                List.of("submitter")),
                        null,
                        List.of(DevelopmentConsortiumPlan.hospitals().get(2))),
                new Client(
                        DESK,
                        DevelopmentConsortiumPlan.ISSUER_MSP,
                        Map.of(PlatformLayout.ISSUER_API, List.of("issuer")),
                        null,
                        List.of()),
                new Client(
                        ERP,
                        DevelopmentConsortiumPlan.ISSUER_MSP,
                        Map.of(PlatformLayout.ISSUER_API, List.of("enterprise")),
                        DevelopmentConsortiumPlan.enterprise(),
                        List.of()),
                new Client(
                        INSURER,
                        DevelopmentConsortiumPlan.ISSUER_MSP,
                        Map.of(PlatformLayout.ISSUER_API, List.of("claimant")),
                        null,
                        List.of()),
                new Client(
                        AUDITOR,
                        DevelopmentConsortiumPlan.AUDITOR_MSP,
                        Map.of(PlatformLayout.FINANCE_VERIFIER, List.of("auditor")),
                        null,
                        List.of()),
                new Client(
                        OPERATOR,
                        DevelopmentConsortiumPlan.FINANCE_MSP,
                        Map.of(
                                PlatformLayout.HIS_ADAPTER, List.of("operator"),
                                PlatformLayout.FINANCE_VERIFIER, List.of("operator"),
                                PlatformLayout.ISSUER_API, List.of("operator")),
                        null,
                        List.of()));
        for (Client client : clients) {
            Path folder = dir.resolve(client.name());
            if (Files.isRegularFile(folder.resolve("cert.pem"))) {
                continue;
            }
            Identity identity = authorities
                    .of(client.mspId())
                    .issue(IdentityProfile.named(client.name())
                            .withUnit("client")
                            .validBetween(
                                    Instant.now().minus(Duration.ofDays(1)),
                                    Instant.now().plus(Duration.ofDays(3650))));
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
        return IdentityFolder.read(dir.resolve(name));
    }
}
