package io.fapiao.bench.ledger;

import io.fapiao.ledger.client.Committed;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumUnavailable;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.ledger.node.LedgerMain;
import io.fapiao.ledger.node.LedgerNode;
import io.fapiao.ledger.node.NodeSettings;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hyperledger.fabric.client.identity.Signers;

/**
 * The ledger the bench drives, set up as deployed: a {@link LedgerNode} on a fresh data directory
 * with the generated development consortium, TLS on and the default block cutting; governance
 * bootstrapped by the FinanceOrg Admin; and {@code n} submitters, each a HospitalOrg client identity
 * pinned to its own registered USCC and holding its own TLS gateway connection.
 *
 * <pre>{@code
 * try (BenchNetwork network = BenchNetwork.start(dataDir, 64)) {
 *     Submitter first = network.submitters().get(0);
 * }
 * }</pre>
 */
public final class BenchNetwork implements AutoCloseable {

    static final String HOSPITAL_MSP = "HospitalOrgMSP";
    static final String FINANCE_MSP = "FinanceOrgMSP";

    private final LedgerNode node;
    private final Consortium consortium;
    private final Ledger admin;
    private final List<Submitter> submitters;
    private final List<X509Certificate> recipients;

    private BenchNetwork(LedgerNode node, Consortium consortium, Ledger admin, List<Submitter> submitters,
            List<X509Certificate> recipients) {
        this.node = node;
        this.consortium = consortium;
        this.admin = admin;
        this.submitters = submitters;
        this.recipients = recipients;
    }

    /**
     * Starts the node in {@code dataDir} (which must be empty or absent), bootstraps governance and
     * registers {@code submitterCount} submitters.
     *
     * @throws BenchSetupFailed naming the step that failed
     */
    public static BenchNetwork start(Path dataDir, int submitterCount) throws BenchSetupFailed {
        requireEmpty(dataDir);
        Consortium consortium;
        LedgerNode node;
        try {
            consortium = Consortium.openOrCreate(dataDir.resolve("crypto"));
            node = LedgerNode.start(NodeSettings.defaults(dataDir.resolve("ledger")).withListenAddress("127.0.0.1")
                    .withPort(0), LedgerMain.identities(consortium));
        } catch (ConsortiumUnavailable | IOException e) {
            throw new BenchSetupFailed("starting the ledger node in " + dataDir, e);
        }
        Ledger admin = null;
        List<Submitter> submitters = new ArrayList<>();
        try {
            Path certificates = Files.createDirectories(dataDir.resolve("bench-identities"));
            admin = connect(node, consortium, certificates, consortium.user(FINANCE_MSP, "Admin"));
            admin.submit("InitGovernance", FINANCE_MSP);
            admin.submit("GrantRoles", HOSPITAL_MSP, "[\"hospital\",\"enterprise\"]");
            CertificateAuthority hospitalCa = consortium.certificateAuthority(HOSPITAL_MSP);
            List<String> usccs = distinctUsccs(submitterCount);
            register(admin, usccs);
            for (int i = 0; i < usccs.size(); i++) {
                String name = "bench-hospital-" + (i + 1);
                Identity identity = hospitalCa.issue(IdentityProfile.named(name).withUnit("client")
                        .withAttribute("hf.EnrollmentID", name).withAttribute("hf.Type", "client")
                        .withAttribute("role", "hospital").withAttribute("uscc", usccs.get(i)));
                SigningIdentity fabricIdentity = new SigningIdentity(HOSPITAL_MSP, identity.certificate(),
                        identity.privateKey());
                submitters.add(new Submitter(usccs.get(i), identity, Signer.of(identity.privateKey(), identity.certificate()),
                        connect(node, consortium, certificates, fabricIdentity)));
            }
            List<X509Certificate> recipients = List.of(consortium.user(FINANCE_MSP, "verifier1").certificate());
            return new BenchNetwork(node, consortium, admin, List.copyOf(submitters), recipients);
        } catch (IOException | ConsortiumUnavailable | LedgerException | ProtocolException | RuntimeException e) {
            submitters.forEach(s -> s.ledger().close());
            if (admin != null) {
                admin.close();
            }
            try {
                node.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new BenchSetupFailed("bootstrapping governance and registering " + submitterCount + " submitters", e);
        }
    }

    private static void requireEmpty(Path dataDir) throws BenchSetupFailed {
        try {
            if (Files.isDirectory(dataDir)) {
                try (var entries = Files.list(dataDir)) {
                    if (entries.findAny().isPresent()) {
                        throw new BenchSetupFailed("checking the data directory: " + dataDir
                                + " is not empty; the bench needs a fresh one (omit --data for a temporary one)", null);
                    }
                }
            }
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new BenchSetupFailed("creating the data directory " + dataDir, e);
        }
    }

    private static List<String> distinctUsccs(int count) {
        Set<String> usccs = new LinkedHashSet<>();
        for (long seed = 1; usccs.size() < count; seed++) {
            usccs.add(SampleBills.uscc(seed));
        }
        return List.copyOf(usccs);
    }

    /** Registers every USCC to HospitalOrg at once, so that they share a few blocks. */
    private static void register(Ledger admin, List<String> usccs) throws LedgerException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Committed>> done = new ArrayList<>();
            for (String uscc : usccs) {
                Map<String, String> submitter = new LinkedHashMap<>();
                submitter.put("uscc", uscc);
                submitter.put("name", "Bench hospital " + uscc);
                submitter.put("mspId", HOSPITAL_MSP);
                submitter.put("validFrom", now.minus(Duration.ofDays(1)).toString());
                submitter.put("validTo", now.plus(Duration.ofDays(365)).toString());
                String json = Json.mapper().writeValueAsString(submitter);
                done.add(pool.submit(() -> admin.submit("RegisterSubmitter", json)));
            }
            for (Future<Committed> f : done) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof LedgerException le) {
                        throw le;
                    }
                    throw new IllegalStateException("registering a submitter failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while registering submitters", e);
                }
            }
        }
    }

    private static Ledger connect(LedgerNode node, Consortium consortium, Path certificates, SigningIdentity who)
            throws IOException {
        String name = who.certificate().getSubjectX500Principal().getName().replaceAll("[^A-Za-z0-9.-]", "_");
        Path certificate = Files.writeString(certificates.resolve(name + ".pem"), Pem.certificate(who.certificate()));
        LedgerSettings settings = LedgerSettings.builder()
                .endpoint("localhost:" + node.port())
                .tlsRootCertificate(consortium.tls().rootCertificate())
                .mspId(who.mspId())
                .certificate(certificate)
                .build();
        PrivateKey key = who.privateKey();
        return Ledger.connect(settings, Signers.newPrivateKeySigner((ECPrivateKey) key));
    }

    public LedgerNode node() {
        return node;
    }

    public Consortium consortium() {
        return consortium;
    }

    public List<Submitter> submitters() {
        return submitters;
    }

    /** Who the bench's bills are sealed for: FinanceOrg's verifier, as a hospital would. */
    public List<X509Certificate> recipients() {
        return recipients;
    }

    @Override
    public void close() throws IOException {
        submitters.forEach(s -> s.ledger().close());
        admin.close();
        node.close();
    }
}
