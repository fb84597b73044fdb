package io.fapiao.bench.ledger;

import io.fapiao.ledger.client.Committed;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumGenerator;
import io.fapiao.ledger.consortium.ConsortiumUnavailable;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.ledger.node.LedgerMain;
import io.fapiao.ledger.node.LedgerNode;
import io.fapiao.ledger.node.NodeSettings;
import io.fapiao.ledger.ordering.BlockCutting;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.Signer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.client.identity.Signers;

/**
 * The embedded ledger as the bench drives it, set up as deployed: a {@link LedgerNode} inside the
 * bench's JVM on a fresh data directory with the generated development consortium, TLS on and the
 * default block cutting; governance bootstrapped by the FinanceOrg Admin; and {@code n} submitters
 * ({@link BenchGovernance}), each holding its own TLS gateway connection. The node's contract router
 * finds the bench's {@code FloorContract} on the class path, so the put-state floor is
 * {@code floor:PutState} of the same chaincode.
 *
 * <pre>{@code
 * try (EmbeddedNetwork network = EmbeddedNetwork.start(dataDir, 64)) {
 *     Submitter first = network.submitters().get(0);
 * }
 * }</pre>
 */
public final class EmbeddedNetwork implements LedgerUnderTest {

    private final Path dataDir;
    private final LedgerNode node;
    private final Consortium consortium;
    private final Ledger admin;
    private final List<Submitter> submitters;
    private final List<X509Certificate> recipients;

    private EmbeddedNetwork(
            Path dataDir,
            LedgerNode node,
            Consortium consortium,
            Ledger admin,
            List<Submitter> submitters,
            List<X509Certificate> recipients) {
        this.dataDir = dataDir;
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
    public static EmbeddedNetwork start(Path dataDir, int submitterCount) throws BenchSetupFailed {
        requireEmpty(dataDir);
        Consortium consortium;
        LedgerNode node;
        try {
            consortium = ConsortiumGenerator.openOrCreate(dataDir.resolve("crypto"));
            node = LedgerNode.start(
                    NodeSettings.defaults(dataDir.resolve("ledger"))
                            .withListenAddress("127.0.0.1")
                            .withPort(0),
                    LedgerMain.identities(consortium));
        } catch (ConsortiumUnavailable | IOException e) {
            throw new BenchSetupFailed("starting the ledger node in " + dataDir, e);
        }
        Ledger admin = null;
        List<Submitter> submitters = new ArrayList<>();
        try {
            Path certificates = Files.createDirectories(dataDir.resolve("bench-identities"));
            admin = connect(node, consortium, certificates, consortium.user(BenchGovernance.FINANCE_MSP, "Admin"));
            for (BenchGovernance.Registered r : BenchGovernance.registerSubmitters(
                    admin, consortium.certificateAuthority(BenchGovernance.HOSPITAL_MSP), submitterCount)) {
                SigningIdentity fabricIdentity = new SigningIdentity(
                        BenchGovernance.HOSPITAL_MSP,
                        r.identity().certificate(),
                        r.identity().privateKey());
                Ledger ledger = connect(node, consortium, certificates, fabricIdentity);
                submitters.add(new Submitter(
                        r.uscc(),
                        r.identity(),
                        Signer.of(r.identity().privateKey(), r.identity().certificate()),
                        ledger,
                        ledger));
            }
            List<X509Certificate> recipients = List.of(
                    consortium.user(BenchGovernance.FINANCE_MSP, "verifier1").certificate());
            return new EmbeddedNetwork(dataDir, node, consortium, admin, List.copyOf(submitters), recipients);
        } catch (IOException | ConsortiumUnavailable | LedgerException | ProtocolException | RuntimeException e) {
            submitters.forEach(Submitter::close);
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
                        throw new BenchSetupFailed(
                                "checking the data directory: " + dataDir
                                        + " is not empty; the bench needs a fresh one (omit --data for a temporary one)",
                                null);
                    }
                }
            }
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new BenchSetupFailed("creating the data directory " + dataDir, e);
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

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public String description() {
        BlockCutting cutting = node.settings().blockCutting();
        return "embedded ledger node inside the bench's JVM (so its CPU is the bench's), TLS on, data dir " + dataDir
                + ", blocks cut at " + cutting.maxMessageCount() + " tx / " + cutting.preferredMaxBytes() + " B / "
                + cutting.batchTimeout().toMillis() + " ms, one fsync per block; PutState is floor:PutState beside"
                + " the Fapiao contract";
    }

    @Override
    public List<Submitter> submitters() {
        return submitters;
    }

    @Override
    public List<X509Certificate> recipients() {
        return recipients;
    }

    @Override
    public TransactionShape shape(Committed committed) throws IOException {
        return TransactionShape.of(node.ledger(), committed.blockNumber(), committed.transactionId());
    }

    @Override
    public Map<String, Long> processes() {
        return Map.of("bench (node + clients)", ProcessHandle.current().pid());
    }

    /** The embedded node's count ({@link CryptoCeiling#measure}); PutState verifies no seal in the contract. */
    @Override
    public Optional<CryptoCeiling> ceiling(Workload workload, TransactionShape shape, Duration perPrimitive)
            throws BenchInterrupted {
        return Optional.of(CryptoCeiling.measure(
                submitters.get(0).identity(),
                consortium.peer(),
                shape,
                perPrimitive,
                workload == Workload.SUBMIT_BILL ? "chaincode verifies the sealed bill's signature" : null));
    }

    @Override
    public void close() throws IOException {
        submitters.forEach(Submitter::close);
        admin.close();
        node.close();
    }
}
