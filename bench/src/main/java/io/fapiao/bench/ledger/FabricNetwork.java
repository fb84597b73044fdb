package io.fapiao.bench.ledger;

import io.fapiao.bench.ShellScript;
import io.fapiao.ledger.client.Committed;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.ledger.client.RetryPolicy;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumUnavailable;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.Signer;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.protos.common.Block;

/**
 * A Hyperledger Fabric 3 network as the bench drives it: the one {@code network/fabric.sh up} starts
 * (4 SmartBFT orderers, a peer per organisation, the Fapiao contract as a chaincode service, MAJORITY
 * endorsement), started by the bench in a folder of its own or attached to when one already runs
 * there; the put-state floor deployed beside it as a chaincode of its own ({@code bench/floor-chaincode.sh});
 * governance bootstrapped and {@code n} submitters registered as on the embedded node
 * ({@link BenchGovernance}). Each submitter has two gateway connections (the {@code fapiao} and the
 * {@code floor} chaincode) to its gateway peer: HospitalOrg's, as a his-adapter would, or, with
 * {@link Gateways#ALL}, the four organisations' peers in turn. At the end the bench stops the floor's
 * service and, if it started the network, the network; {@code keep} leaves both running.
 *
 * <pre>{@code
 * try (FabricNetwork network = FabricNetwork.start(root, home, 21000, 64, Gateways.HOSPITAL, false)) {
 *     Committed done = network.submitters().get(0).ledger().submit("SubmitBill", bill);
 * }
 * }</pre>
 */
public final class FabricNetwork implements LedgerUnderTest {

    /** Which peers' gateways the submitters use. */
    public enum Gateways {
        /** HospitalOrg's peer, as the his-adapter does. */
        HOSPITAL,
        /** Submitter i uses organisation i mod 4's peer: the gateway's work spread over the four. */
        ALL
    }

    static final String FLOOR_CHAINCODE = "floor";
    private static final List<String> ORGANISATIONS =
            List.of("HospitalOrgMSP", "FinanceOrgMSP", "IssuerOrgMSP", "AuditorOrgMSP");
    private static final Duration STARTUP = Duration.ofMinutes(15);
    /** How long a fresh network's gateway may take to see the endorsers of a just-committed chaincode. */
    private static final Duration SETUP_WAIT = Duration.ofMinutes(2);

    private static final Duration SHUTDOWN = Duration.ofMinutes(3);

    private final Path root;
    private final Path home;
    private final boolean ours;
    private final boolean keep;
    private final Gateways gateways;
    private final Ledger admin;
    private final List<Submitter> submitters;
    private final List<X509Certificate> recipients;

    private FabricNetwork(
            Path root,
            Path home,
            boolean ours,
            boolean keep,
            Gateways gateways,
            Ledger admin,
            List<Submitter> submitters,
            List<X509Certificate> recipients) {
        this.root = root;
        this.home = home;
        this.ours = ours;
        this.keep = keep;
        this.gateways = gateways;
        this.admin = admin;
        this.submitters = submitters;
        this.recipients = recipients;
    }

    /** Whether a network started by {@code network/fabric.sh} runs from {@code home}. */
    public static boolean runsIn(Path home) {
        Path pid = home.resolve("run").resolve("peer0.hospital.fapiao.local.pid");
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /**
     * Attaches to the network running from {@code home}, or starts one there with {@code portBase}
     * ({@code network/fabric.sh} of the repository at {@code root}; its output goes to stderr); deploys
     * the floor; registers {@code submitterCount} submitters. A network the bench started is stopped by
     * {@link #close()} unless {@code keep}; one it attached to is left running.
     *
     * @throws BenchSetupFailed naming the step that failed
     */
    public static FabricNetwork start(
            Path root, Path home, int portBase, int submitterCount, Gateways gateways, boolean keep)
            throws BenchSetupFailed {
        home = home.toAbsolutePath().normalize();
        boolean ours = !runsIn(home);
        if (ours) {
            up(root, home, portBase);
        } else {
            progress("attaching to the Fabric network running from " + home);
        }
        Ledger admin = null;
        List<Submitter> submitters = new ArrayList<>();
        try {
            int floor = ShellScript.run(
                    root,
                    List.of(root.resolve("bench/floor-chaincode.sh").toString(), "up", "--network", home.toString()),
                    STARTUP);
            if (floor != 0) {
                throw new BenchSetupFailed(
                        "deploying the put-state floor (bench/floor-chaincode.sh up exited " + floor + "; its log is "
                                + home.resolve("bench-floor") + ")",
                        null);
            }
            Consortium consortium = Consortium.load(home.resolve("crypto"));
            Path certificates = Files.createDirectories(home.resolve("bench-identities"));
            admin = connect(
                    gateway(home, BenchGovernance.FINANCE_MSP),
                    certificates,
                    consortium.user(BenchGovernance.FINANCE_MSP, "Admin"),
                    "fapiao",
                    RetryPolicy.DEFAULT);
            // A peer's discovery may not yet see the endorsers a fresh chaincode definition needs (the floor
            // was committed a moment ago).
            admin.awaitEndorsers(SETUP_WAIT);
            List<BenchGovernance.Registered> registered = BenchGovernance.registerSubmitters(
                    admin, consortium.certificateAuthority(BenchGovernance.HOSPITAL_MSP), submitterCount);
            for (int i = 0; i < registered.size(); i++) {
                BenchGovernance.Registered r = registered.get(i);
                Properties gateway = gateway(
                        home,
                        gateways == Gateways.ALL
                                ? ORGANISATIONS.get(i % ORGANISATIONS.size())
                                : BenchGovernance.HOSPITAL_MSP);
                SigningIdentity who = new SigningIdentity(
                        BenchGovernance.HOSPITAL_MSP,
                        r.identity().certificate(),
                        r.identity().privateKey());
                Ledger ledger = connect(gateway, certificates, who, "fapiao", RetryPolicy.DEFAULT);
                Ledger floorLedger = connect(gateway, certificates, who, FLOOR_CHAINCODE, RetryPolicy.DEFAULT);
                submitters.add(new Submitter(
                        r.uscc(),
                        r.identity(),
                        Signer.of(r.identity().privateKey(), r.identity().certificate()),
                        ledger,
                        floorLedger));
            }
            List<X509Certificate> recipients = List.of(
                    consortium.user(BenchGovernance.FINANCE_MSP, "verifier1").certificate());
            return new FabricNetwork(root, home, ours, keep, gateways, admin, List.copyOf(submitters), recipients);
        } catch (BenchSetupFailed
                | IOException
                | ConsortiumUnavailable
                | LedgerException
                | ProtocolException
                | InterruptedException
                | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            submitters.forEach(Submitter::close);
            if (admin != null) {
                admin.close();
            }
            stop(root, home, !keep, ours && !keep);
            if (e instanceof BenchSetupFailed failed) {
                throw failed;
            }
            throw new BenchSetupFailed(
                    "bootstrapping governance and registering " + submitterCount
                            + " submitters on the Fabric network in " + home,
                    e);
        }
    }

    /**
     * {@code network/fabric.sh up}. A start that fails in a folder that was empty (a first start, not a
     * stopped network's restart) is tried once more from scratch, its logs kept beside the folder: on a
     * loaded machine a lifecycle step of the first start now and then outlasts its wait.
     */
    public static void up(Path root, Path home, int portBase) throws BenchSetupFailed {
        boolean fresh = isEmpty(home);
        for (int attempt = 1; ; attempt++) {
            progress("starting a Fabric network in " + home + " (port base " + portBase + "; about two minutes)");
            int exit = ShellScript.run(
                    root,
                    List.of(
                            root.resolve("network/fabric.sh").toString(),
                            "up",
                            "--home",
                            home.toString(),
                            "--port-base",
                            Integer.toString(portBase)),
                    STARTUP);
            if (exit == 0) {
                return;
            }
            ShellScript.run(
                    root,
                    List.of(root.resolve("network/fabric.sh").toString(), "down", "--home", home.toString()),
                    SHUTDOWN);
            if (!fresh || attempt == 2) {
                throw new BenchSetupFailed(
                        "starting the Fabric network (network/fabric.sh up exited " + exit + "; logs in "
                                + home.resolve("logs") + ")",
                        null);
            }
            Path kept = home.resolveSibling(home.getFileName() + "-failed-start");
            try {
                deleteTree(kept);
                Files.move(home, kept);
                Files.createDirectories(home);
            } catch (IOException e) {
                throw new BenchSetupFailed("clearing " + home + " for a second start", e);
            }
            progress("network/fabric.sh up exited " + exit + "; its folder is kept as " + kept + "; starting afresh");
        }
    }

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return !Files.exists(folder);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** {@code organisations/<mspId>.properties}: the organisation's peer gateway and its TLS root. */
    private static Properties gateway(Path home, String mspId) throws IOException {
        Path file = home.resolve("organisations").resolve(mspId + ".properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Ledger connect(
            Properties gateway, Path certificates, SigningIdentity who, String chaincode, RetryPolicy retry)
            throws IOException {
        String name = who.certificate().getSubjectX500Principal().getName().replaceAll("[^A-Za-z0-9.-]", "_");
        Path certificate = Files.writeString(certificates.resolve(name + ".pem"), Pem.certificate(who.certificate()));
        LedgerSettings settings = LedgerSettings.builder()
                .endpoint(gateway.getProperty("fapiao.ledger.endpoint"))
                .tlsRootCertificate(Path.of(gateway.getProperty("fapiao.ledger.tls-root-certificate")))
                .mspId(who.mspId())
                .certificate(certificate)
                .channel(gateway.getProperty("fapiao.ledger.channel", "fapiao"))
                .chaincode(chaincode)
                .retry(retry)
                .build();
        return Ledger.connect(settings, Signers.newPrivateKeySigner((ECPrivateKey) who.privateKey()));
    }

    @Override
    public String name() {
        return "Fabric";
    }

    @Override
    public String description() {
        String configtx = read(home.resolve("config").resolve("configtx.yaml"));
        String logging = System.getenv().getOrDefault("FABRIC_LOGGING_SPEC", "INFO (fabric.sh's default)");
        return "Hyperledger Fabric 3.1.5 from network/fabric.sh (" + (ours ? "started by the bench" : "already running")
                + " in " + home + "): 4 SmartBFT orderers, 4 peers (goleveldb), the fapiao contract and the floor each"
                + " a chaincode service of its own (one JVM each), MAJORITY endorsement (3 of 4 peers), TLS everywhere;"
                + " gateway " + (gateways == Gateways.ALL ? "the four peers in turn" : "HospitalOrg's peer")
                + "; blocks: MaxMessageCount " + setting(configtx, "MaxMessageCount")
                + ", RequestBatchMaxInterval " + setting(configtx, "RequestBatchMaxInterval")
                + ", AbsoluteMaxBytes " + setting(configtx, "AbsoluteMaxBytes")
                + "; FABRIC_LOGGING_SPEC " + (ours ? logging : "as the network was started");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static String setting(String yaml, String name) {
        Matcher m = Pattern.compile("\\b" + name + ":\\s*([^,}\\n]+)").matcher(yaml);
        return m.find() ? m.group(1).trim() : "?";
    }

    @Override
    public List<Submitter> submitters() {
        return submitters;
    }

    @Override
    public List<X509Certificate> recipients() {
        return recipients;
    }

    /** Reads the block through the Deliver service of FinanceOrg's peer (the admin's gateway). */
    @Override
    public TransactionShape shape(Committed committed) throws IOException {
        try (CloseableIterator<Block> blocks = admin.network()
                .newBlockEventsRequest()
                .startBlock(committed.blockNumber())
                .build()
                .getEvents()) {
            if (!blocks.hasNext()) {
                throw new IOException("the peer delivered no block " + committed.blockNumber());
            }
            return TransactionShape.of(blocks.next(), committed.transactionId());
        } catch (RuntimeException e) {
            throw new IOException("cannot read block " + committed.blockNumber() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The network's processes by short name ({@code orderer hospital}, {@code peer finance}, {@code fapiao cc},
     * {@code floor cc}) and the bench's own JVM (the clients).
     */
    @Override
    public Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        Path run = home.resolve("run");
        try (Stream<Path> files = Files.list(run)) {
            files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .sorted()
                    .forEach(f -> {
                        String node = f.getFileName().toString().replaceAll("\\.pid$", "");
                        pid(f).ifPresent(pid -> pids.put(shortName(node), pid));
                    });
        } catch (IOException e) {
            // no pids: the table says so
        }
        pid(home.resolve("bench-floor").resolve("service.pid")).ifPresent(pid -> pids.put("floor cc", pid));
        pids.put("bench (clients)", ProcessHandle.current().pid());
        return pids;
    }

    /** A node's short name in tables: {@code orderer hospital}, {@code peer finance}, {@code fapiao cc}. */
    public static String shortName(String node) {
        if (node.equals("chaincode")) {
            return "fapiao cc";
        }
        Matcher m = Pattern.compile("(orderer|peer)0\\.([a-z]+)\\..*").matcher(node);
        return m.matches() ? m.group(1) + " " + m.group(2) : node;
    }

    private static Optional<Long> pid(Path file) {
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Empty: Fabric's signature work per transaction (three endorsements, every orderer and every peer
     * verifying, BFT's own signed messages) is in Go on other processes; the bench does not count it.
     */
    @Override
    public Optional<CryptoCeiling> ceiling(Workload workload, TransactionShape shape, Duration perPrimitive) {
        return Optional.empty();
    }

    public Path home() {
        return home;
    }

    @Override
    public void close() {
        submitters.forEach(Submitter::close);
        admin.close();
        if (keep) {
            progress("Fabric network and floor left running (--keep): bench/floor-chaincode.sh down --network " + home
                    + (ours ? "; network/fabric.sh down --home " + home : ""));
            return;
        }
        stop(root, home, true, ours);
    }

    /** Stops the floor's service and the network, as asked. */
    private static void stop(Path root, Path home, boolean floor, boolean network) {
        if (floor) {
            ShellScript.run(
                    root,
                    List.of(root.resolve("bench/floor-chaincode.sh").toString(), "down", "--network", home.toString()),
                    SHUTDOWN);
        }
        if (network) {
            ShellScript.run(
                    root,
                    List.of(root.resolve("network/fabric.sh").toString(), "down", "--home", home.toString()),
                    SHUTDOWN);
        }
    }

    private static void progress(String message) {
        System.err.println("bench: " + message);
    }
}
