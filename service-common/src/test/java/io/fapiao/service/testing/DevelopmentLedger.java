package io.fapiao.service.testing;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.development.GmMaterial;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.ledger.client.RetryPolicy;
import io.fapiao.ledger.client.governance.GovernanceBootstrap;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumGenerator;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.ledger.node.LedgerMain;
import io.fapiao.ledger.node.LedgerNode;
import io.fapiao.ledger.node.NodeSettings;
import io.fapiao.ledger.ordering.BlockCutting;
import io.fapiao.protocol.crypto.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For the services' tests: a real embedded ledger node on a loopback port (TLS, the fapiao contract
 * in-process) over a fresh development consortium, its governance brought to {@link
 * DevelopmentConsortiumPlan} with the GM seal certificates registered, and the Spring properties
 * that make a service connect as one of the consortium's users.
 *
 * <pre>{@code
 * static DevelopmentLedger ledger;
 * @BeforeAll static void start(@TempDir Path dir) throws Exception { ledger = DevelopmentLedger.start(dir); }
 * @DynamicPropertySource static void props(DynamicPropertyRegistry r) {
 *     ledger.serviceProperties("HospitalOrgMSP", "hospital1").forEach((k, v) -> r.add(k, () -> v));
 * }
 * }</pre>
 */
public final class DevelopmentLedger implements AutoCloseable {
    private final Path dir;
    private final Consortium consortium;
    private final GmMaterial gm;
    private LedgerNode node;
    /** Kept rather than asked of the node: a stopped node no longer knows it, and restart() needs it. */
    private final int port;

    private final List<Ledger> connections = new ArrayList<>();

    private DevelopmentLedger(Path dir, Consortium consortium, GmMaterial gm, LedgerNode node) {
        this.dir = dir;
        this.consortium = consortium;
        this.gm = gm;
        this.node = node;
        this.port = node.port();
    }

    /** Generates the consortium and GM material under {@code dir}, starts the node and applies governance. */
    public static DevelopmentLedger start(Path dir) throws Exception {
        Consortium consortium = ConsortiumGenerator.openOrCreate(dir.resolve("crypto"));
        GmMaterial gm = GmMaterial.openOrCreate(dir.resolve("gm"), DevelopmentConsortiumPlan.SUBMITTERS.keySet());
        DevelopmentLedger ledger = new DevelopmentLedger(dir, consortium, gm, startNode(dir, consortium, 0));
        new GovernanceBootstrap(ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "Admin"))
                .apply(DevelopmentConsortiumPlan.plan(Instant.now(), gm.sealCertificates()));
        return ledger;
    }

    private static LedgerNode startNode(Path dir, Consortium consortium, int port) throws Exception {
        // Small blocks cut quickly: tests wait for commits, not for batches to fill.
        NodeSettings settings = NodeSettings.defaults(dir.resolve("data"))
                .withListenAddress("127.0.0.1")
                .withPort(port)
                .withBlockCutting(new BlockCutting(10, 1024 * 1024, 4 * 1024 * 1024, Duration.ofMillis(20)));
        return LedgerNode.start(settings, LedgerMain.identities(consortium));
    }

    /** Stops the node (a service sees the ledger go away); {@link #restart()} brings it back on the same port. */
    public void stop() throws IOException {
        node.close();
    }

    /** Starts the node again over the same data and port. */
    public void restart() throws Exception {
        node = startNode(dir, consortium, port());
    }

    /** The node's gateway port. */
    public int port() {
        return port;
    }

    public Consortium consortium() {
        return consortium;
    }

    public GmMaterial gm() {
        return gm;
    }

    /** The MSP folder of a consortium user. */
    public Path mspDirectory(String mspId, String user) throws Exception {
        return consortium.userDirectory(mspId, user);
    }

    /** A user's P-256 identity (Fabric identity; also its INTL sealing and opening key). */
    public Identity identity(String mspId, String user) throws Exception {
        SigningIdentity signing = consortium.user(mspId, user);
        return new Identity(signing.certificate(), signing.privateKey());
    }

    /**
     * The properties that make a service reach this node as {@code user} of {@code mspId}:
     * {@code fapiao.ledger.*} and {@code fapiao.identity.*} (PEM files of the MSP folder).
     */
    public Map<String, String> serviceProperties(String mspId, String user) throws Exception {
        Path msp = mspDirectory(mspId, user);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("fapiao.ledger.endpoint", "localhost:" + port());
        properties.put(
                "fapiao.ledger.tls-root-certificate",
                consortium.tls().rootCertificate().toString());
        properties.put("fapiao.ledger.msp-id", mspId);
        properties.put("fapiao.identity.type", "PEM");
        properties.put(
                "fapiao.identity.certificate",
                onlyFile(msp.resolve("signcerts")).toString());
        properties.put(
                "fapiao.identity.private-key", onlyFile(msp.resolve("keystore")).toString());
        return properties;
    }

    /** A typed client of the node as {@code user} of {@code mspId}, closed with this fixture. */
    public FapiaoLedger client(String mspId, String user) throws Exception {
        Map<String, String> p = serviceProperties(mspId, user);
        LedgerSettings settings = LedgerSettings.builder()
                .endpoint(p.get("fapiao.ledger.endpoint"))
                .tlsRootCertificate(Path.of(p.get("fapiao.ledger.tls-root-certificate")))
                .mspId(mspId)
                .certificate(Path.of(p.get("fapiao.identity.certificate")))
                .privateKey(Path.of(p.get("fapiao.identity.private-key")))
                .retry(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(500)))
                .build();
        Ledger ledger = Ledger.connect(settings);
        connections.add(ledger);
        return new FapiaoLedger(ledger);
    }

    private static Path onlyFile(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            List<Path> all = files.toList();
            if (all.size() != 1) {
                throw new IllegalStateException("expected one file in " + folder + ", found " + all);
            }
            return all.get(0);
        }
    }

    @Override
    public void close() throws IOException {
        connections.forEach(Ledger::close);
        node.close();
    }
}
