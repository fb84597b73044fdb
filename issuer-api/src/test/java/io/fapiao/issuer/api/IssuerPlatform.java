package io.fapiao.issuer.api;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.issuer.IssuerApiApplication;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.statement.VerdictStatement;
import io.fapiao.service.testing.DevelopmentLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the issuer API's integration tests run against: a real embedded ledger with the development
 * consortium, REST client certificates issued by the IssuerOrg CA (the consortium CA the service is
 * configured to trust), and the service itself started as {@code java -jar} would start it, with its
 * properties, on a random port.
 *
 * <pre>{@code
 * IssuerPlatform platform = IssuerPlatform.start(dir);
 * ConfigurableApplicationContext service = platform.startService(TestDatabases.h2(dir));
 * SignedHttp desk = platform.http(service, platform.issuerClient);
 * }</pre>
 */
final class IssuerPlatform implements AutoCloseable {
    static final String ISSUER_MSP = DevelopmentConsortiumPlan.ISSUER_MSP;
    static final String HOSPITAL = DevelopmentConsortiumPlan.hospitals().get(0);
    static final String ENTERPRISE = DevelopmentConsortiumPlan.enterprise();

    final Path dir;
    final DevelopmentLedger ledger;
    final Identity issuerClient;
    final Identity enterpriseClient;
    final Identity claimantClient;
    final Identity strangerClient;
    private final Map<String, String> clientProperties = new LinkedHashMap<>();

    private IssuerPlatform(Path dir, DevelopmentLedger ledger) throws Exception {
        this.dir = dir;
        this.ledger = ledger;
        CertificateAuthority consortiumCa = ledger.consortium().certificateAuthority(ISSUER_MSP);
        Path clients = Files.createDirectories(dir.resolve("clients"));
        Path ca = write(clients.resolve("issuer-org-ca.pem"), Pem.certificate(consortiumCa.certificate()));
        clientProperties.put("fapiao.issuer.client-authorities[0]", ca.toString());
        issuerClient = client(consortiumCa, 0, "billing-desk", "issuer", null);
        enterpriseClient = client(consortiumCa, 1, "shop-erp", "enterprise", ENTERPRISE);
        claimantClient = client(consortiumCa, 2, "insurer", "claimant", null);
        // a certificate from the right CA that nobody registered
        strangerClient = consortiumCa.issue(IdentityProfile.named("stranger").withUnit("client"));
    }

    static IssuerPlatform start(Path dir) throws Exception {
        return new IssuerPlatform(dir, DevelopmentLedger.start(dir.resolve("ledger")));
    }

    private Identity client(CertificateAuthority ca, int index, String name, String roles, String uscc)
            throws IOException {
        Identity identity = ca.issue(IdentityProfile.named(name)
                .withUnit("client")
                .validBetween(
                        Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30))));
        Path certificate =
                write(dir.resolve("clients").resolve(name + ".pem"), Pem.certificate(identity.certificate()));
        String prefix = "fapiao.issuer.clients[" + index + "].";
        clientProperties.put(prefix + "name", name);
        clientProperties.put(prefix + "certificate", certificate.toString());
        clientProperties.put(prefix + "roles", roles);
        if (uscc != null) {
            clientProperties.put(prefix + "uscc", uscc);
        }
        return identity;
    }

    /** Every property the service needs, over the given database properties. */
    Map<String, String> serviceProperties(Map<String, String> database, boolean issueVerified) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>(ledger.serviceProperties(ISSUER_MSP, "issuer1"));
        Map<String, String> claimant = ledger.serviceProperties(ISSUER_MSP, "claimant1");
        properties.put("fapiao.issuer.name", DevelopmentConsortiumPlan.ISSUER_NAME);
        properties.put("fapiao.issuer.claimant-identity.certificate", claimant.get("fapiao.identity.certificate"));
        properties.put("fapiao.issuer.claimant-identity.private-key", claimant.get("fapiao.identity.private-key"));
        properties.put(
                "fapiao.issuer.gm-identity.certificate",
                ledger.gm().issuerDirectory().resolve("cert.pem").toString());
        properties.put(
                "fapiao.issuer.gm-identity.private-key",
                ledger.gm().issuerDirectory().resolve("key.pem").toString());
        // the issuer's own CA too: invoice requests are sealed with the issuer's key on the client's behalf
        properties.put(
                "fapiao.issuer.trust.ca-certificates",
                String.join(
                        ",",
                        caOf("HospitalOrgMSP", "hospital1"),
                        ledger.gm().caCertificate().toString(),
                        caOf(ISSUER_MSP, "issuer1")));
        properties.put(
                "fapiao.issuer.requests.finance-certificate",
                ledger.serviceProperties(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1")
                        .get("fapiao.identity.certificate"));
        properties.put("fapiao.issuer.issue-verified", Boolean.toString(issueVerified));
        properties.put("fapiao.issuer.numbering.low-water", "5");
        properties.put("fapiao.issuer.numbering.batch", "20");
        properties.put("fapiao.data-dir", dir.resolve("service").toString());
        properties.put("server.port", "0");
        properties.put("fapiao.http.plaintext", "true");
        properties.putAll(clientProperties);
        properties.putAll(database);
        return properties;
    }

    private String caOf(String mspId, String user) throws Exception {
        try (var files = Files.list(ledger.mspDirectory(mspId, user).resolve("cacerts"))) {
            return files.findFirst().orElseThrow().toString();
        }
    }

    /** Starts the issuer API as its jar would, on a random port. */
    ConfigurableApplicationContext startService(Map<String, String> database, boolean issueVerified) throws Exception {
        // as command-line arguments: they take precedence over application.yml, as a deployment's would
        String[] arguments = serviceProperties(database, issueVerified).entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(IssuerApiApplication.class).run(arguments);
    }

    static int port(ConfigurableApplicationContext service) {
        return ((WebServerApplicationContext) service).getWebServer().getPort();
    }

    SignedHttp http(ConfigurableApplicationContext service, Identity client) throws Exception {
        return new SignedHttp(port(service), client);
    }

    /** Submits a new outpatient bill as hospital1 and records the finance bureau's ACCEPTED verdict as verifier1. */
    BillKey verifiedBill(long seed) throws Exception {
        BillKey key = submittedBill(seed);
        accept(key);
        return key;
    }

    BillKey submittedBill(long seed) throws Exception {
        Identity hospital = ledger.identity("HospitalOrgMSP", "hospital1");
        Bill sample = SampleBills.outpatient(seed, HOSPITAL);
        // issued now: the signer's certificate is judged at the bill's issue time, and it is only days old
        Bill bill = new Bill(
                sample.billCode(),
                sample.billId(),
                sample.issuerId(),
                sample.issuerName(),
                now(),
                sample.payer(),
                sample.items(),
                sample.total(),
                sample.insurance(),
                sample.payeeClerk(),
                sample.remarks());
        SealedBill sealed = BillSealer.seal(
                bill,
                hospital.signer(),
                List.of(
                        ledger.identity(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1")
                                .certificate(),
                        ledger.identity(ISSUER_MSP, "issuer1").certificate()));
        ledger.client("HospitalOrgMSP", "hospital1").submitBill(sealed);
        return new BillKey(sealed.header().issuerId(), sealed.header().billId());
    }

    /** A sample invoice request of the development enterprise (or {@code seller}), issued now. */
    static InvoiceRequest invoiceRequest(long seed, String seller) {
        InvoiceRequest r = SampleBills.invoiceRequest(seed, seller);
        return new InvoiceRequest(
                r.requestId(),
                r.seller(),
                r.buyer(),
                now(),
                r.lines(),
                r.totalAmount(),
                r.totalTax(),
                r.totalWithTax(),
                r.remarks());
    }

    static String now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(8))
                .truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"));
    }

    /** Records ACCEPTED as verifier1 (standing in for the finance-verifier service). */
    void accept(BillKey key) throws Exception {
        FapiaoLedger verifier = ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        String digest = verifier.bill(key).bill().headerDigest();
        verifier.recordVerification(
                key,
                "ACCEPTED",
                List.of(),
                new VerdictStatement(key.toString(), digest, "ACCEPTED", List.of())
                        .sign(ledger.identity(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1")
                                .signer()));
    }

    FapiaoLedger auditor() throws Exception {
        return ledger.client(DevelopmentConsortiumPlan.AUDITOR_MSP, "auditor1");
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return file;
    }

    @Override
    public void close() throws IOException {
        ledger.close();
    }
}
