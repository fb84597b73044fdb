package io.fapiao.bench.lifecycle;

import io.fapiao.bench.ShellScript;
import io.fapiao.bench.ledger.FabricNetwork;
import io.fapiao.httpsig.HttpsClients;
import io.fapiao.ledger.client.IdentityFolder;
import io.fapiao.protocol.crypto.Identity;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The platform under load: the three services that {@code scripts/platform.sh} runs as background
 * processes from one folder (its "home") and their ledger: the embedded node (a fourth process of the
 * same home) or a Fabric network ({@code scripts/platform.sh up --network}, its folder recorded in
 * {@code <home>/network}). The bench either starts its own ({@link #start}, {@link #startOnNetwork}: its
 * own home and port base, stopped at the end) or attaches to one already running ({@link #attach}).
 * Everything it needs is in the home and the network's folder: the services' properties (ports, the
 * ledger endpoint), the consortium (for the auditor identity), the pid files and the data.
 *
 * <pre>{@code
 * try (Platform platform = Platform.start(repositoryRoot, Files.createTempDirectory("bench"), 17000)) {
 *     URI his = platform.url("his-adapter");
 * }
 * }</pre>
 */
public final class Platform implements AutoCloseable {
    public static final String LEDGER = "ledger";
    public static final String HIS_ADAPTER = "his-adapter";
    public static final String FINANCE_VERIFIER = "finance-verifier";
    public static final String ISSUER_API = "issuer-api";
    public static final List<String> SERVICES = List.of(HIS_ADAPTER, FINANCE_VERIFIER, ISSUER_API);
    public static final List<String> PROCESSES = List.of(LEDGER, HIS_ADAPTER, FINANCE_VERIFIER, ISSUER_API);

    private final Path root;
    private final Path home;
    private final boolean ours;
    private final Map<String, String> urls;
    private final String ledgerEndpoint;
    private final Properties hisAdapter;
    private final Optional<Path> network;

    private Platform(
            Path root,
            Path home,
            boolean ours,
            Map<String, String> urls,
            String ledgerEndpoint,
            Properties hisAdapter,
            Optional<Path> network) {
        this.root = root;
        this.home = home;
        this.ours = ours;
        this.urls = urls;
        this.ledgerEndpoint = ledgerEndpoint;
        this.hisAdapter = hisAdapter;
        this.network = network;
    }

    /**
     * Runs {@code scripts/platform.sh up --home home --port-base portBase} from the repository at
     * {@code root} (the jars must be built: {@code ./fapiao bench lifecycle} builds what is missing) and
     * waits for it; its output goes to stderr.
     */
    public static Platform start(Path root, Path home, int portBase) throws LifecycleSetupFailed {
        return up(root, home, List.of("--port-base", Integer.toString(portBase)));
    }

    /**
     * Runs {@code scripts/platform.sh up --home home --network network --port-base portBase}: the three
     * services on the Fabric network running from {@code network} ({@code network/fabric.sh up}), each
     * on its own organisation's peer.
     */
    public static Platform startOnNetwork(Path root, Path home, int portBase, Path network)
            throws LifecycleSetupFailed {
        return up(root, home, List.of("--network", network.toString(), "--port-base", Integer.toString(portBase)));
    }

    private static Platform up(Path root, Path home, List<String> options) throws LifecycleSetupFailed {
        Path script = root.resolve("scripts/platform.sh");
        if (!Files.isExecutable(script)) {
            throw new LifecycleSetupFailed(
                    "finding " + script + " (run the bench from the repository root or give" + " --root)", null);
        }
        List<String> command = new ArrayList<>(List.of(script.toString(), "up", "--home", home.toString()));
        command.addAll(options);
        int exit = runScript(root, command, Duration.STARTUP);
        if (exit != 0) {
            // Leave nothing running behind a failed start.
            runScript(root, List.of(script.toString(), "down", "--home", home.toString()), Duration.SHUTDOWN);
            throw new LifecycleSetupFailed(
                    "starting the platform (scripts/platform.sh up exited " + exit + "; logs in " + home.resolve("logs")
                            + ")",
                    null);
        }
        return read(root, home, true);
    }

    /** A platform already running from {@code home} (default {@code .fapiao}); left running at the end. */
    public static Platform attach(Path root, Path home, String hisUrl) throws LifecycleSetupFailed {
        Platform platform = read(root, home, false);
        if (hisUrl != null) {
            platform.urls.put(HIS_ADAPTER, hisUrl.replaceAll("/+$", ""));
        }
        return platform;
    }

    private static Platform read(Path root, Path home, boolean ours) throws LifecycleSetupFailed {
        Map<String, String> urls = new LinkedHashMap<>();
        String ledger = null;
        Properties his = null;
        for (String service : SERVICES) {
            Path file = home.resolve("services").resolve(service + ".properties");
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(in);
            } catch (IOException e) {
                throw new LifecycleSetupFailed(
                        "reading " + file + " (is " + home + " a platform's folder? " + "./fapiao up writes it)", e);
            }
            urls.put(service, "https://localhost:" + properties.getProperty("server.port"));
            if (service.equals(HIS_ADAPTER)) {
                his = properties;
            }
            if (ledger == null || service.equals(HIS_ADAPTER)) {
                // On Fabric each service has its own organisation's peer; the his-adapter's is the one named.
                ledger = properties.getProperty("fapiao.ledger.endpoint", ledger);
            }
        }
        if (ledger == null) {
            throw new LifecycleSetupFailed(
                    "reading the ledger endpoint: no fapiao.ledger.endpoint in " + home.resolve("services"), null);
        }
        return new Platform(root, home, ours, urls, ledger, his, networkOf(home));
    }

    /** The Fabric network's folder that {@code platform configure --network} recorded, if any. */
    private static Optional<Path> networkOf(Path home) throws LifecycleSetupFailed {
        Path marker = home.resolve("network");
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(Files.readString(marker).strip()));
        } catch (IOException e) {
            throw new LifecycleSetupFailed("reading " + marker, e);
        }
    }

    /**
     * The platform's client {@code name} ({@code <home>/clients/<name>}, written by {@code ./fapiao up}):
     * {@code hospital-his} submits bills, {@code operator} reads the services' metrics.
     */
    public Identity client(String name) throws LifecycleSetupFailed {
        Path folder = home.resolve("clients").resolve(name);
        try {
            return IdentityFolder.read(folder);
        } catch (IOException e) {
            throw new LifecycleSetupFailed(
                    "cannot read the platform's client " + name + " in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The consortium's CA certificates ({@code <home>/trust}), which issued the services' HTTPS certificates. */
    public List<X509Certificate> trustAnchors() throws LifecycleSetupFailed {
        try {
            return HttpsClients.anchors(home.resolve("trust"));
        } catch (IOException e) {
            throw new LifecycleSetupFailed("cannot read the platform's trust anchors: " + e.getMessage(), e);
        }
    }

    public Path home() {
        return home;
    }

    /** Whether the bench started it (and stops it). */
    public boolean ours() {
        return ours;
    }

    /** {@code https://localhost:<port>} of a service. */
    public String url(String service) {
        return urls.get(service);
    }

    public String ledgerEndpoint() {
        return ledgerEndpoint;
    }

    /**
     * The suite the his-adapter seals {@code uscc}'s bills under: {@code fapiao.his.suites.<uscc>}, else
     * {@code fapiao.his.suite}, else INTL (as the adapter decides).
     */
    public String suiteOf(String uscc) {
        return hisAdapter.getProperty("fapiao.his.suites." + uscc, hisAdapter.getProperty("fapiao.his.suite", "INTL"));
    }

    /** The Fabric network's folder when the platform runs on one; empty on the embedded node. */
    public Optional<Path> network() {
        return network;
    }

    /** The consortium's MSP folders: the embedded node's, or the Fabric network's. */
    public Path cryptoDirectory() {
        return network.map(n -> n.resolve("crypto"))
                .orElse(home.resolve("ledger").resolve("crypto"));
    }

    /**
     * Where the bench's auditor follows the ledger's events: the node's gateway (TLS root: empty, the
     * consortium's), or on Fabric AuditorOrg's own peer and that peer's TLS root, as
     * {@code network/fabric.sh up} wrote them in {@code organisations/AuditorOrgMSP.properties}.
     */
    public LedgerWatch.Gateway auditorGateway() throws LifecycleSetupFailed {
        if (network.isEmpty()) {
            return new LedgerWatch.Gateway(ledgerEndpoint, Optional.empty());
        }
        Path file = network.get().resolve("organisations").resolve("AuditorOrgMSP.properties");
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new LifecycleSetupFailed("reading " + file, e);
        }
        return new LedgerWatch.Gateway(
                properties.getProperty("fapiao.ledger.endpoint"),
                Optional.of(Path.of(properties.getProperty("fapiao.ledger.tls-root-certificate"))));
    }

    /**
     * The ledger's processes by name: {@code ledger} (the embedded node), or the network's orderers, peers
     * and chaincode service ({@code orderer hospital}, {@code peer finance}, {@code fapiao cc}, ...).
     */
    public Map<String, Long> ledgerProcesses() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (network.isEmpty()) {
            pid(LEDGER).ifPresent(pid -> pids.put(LEDGER, pid));
            return pids;
        }
        try (Stream<Path> files = Files.list(network.get().resolve("run"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .sorted()
                    .forEach(f -> {
                        String node = f.getFileName().toString().replaceAll("\\.pid$", "");
                        pidIn(f).ifPresent(pid -> pids.put(FabricNetwork.shortName(node), pid));
                    });
        } catch (IOException e) {
            // none found: the report shows no ledger process
        }
        return pids;
    }

    /** The pid in {@code run/<name>.pid}, when that process runs. */
    public OptionalLong pid(String process) {
        return pidIn(home.resolve("run").resolve(process + ".pid"));
    }

    private static OptionalLong pidIn(Path file) {
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()
                    ? OptionalLong.of(pid)
                    : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Bytes on disk of a process's data: the ledger's folder without its crypto (on Fabric: every
     * orderer's and peer's data), or a service's folder.
     */
    public long dataBytes(String process) {
        if (LEDGER.equals(process) && network.isPresent()) {
            return bytesUnder(network.get().resolve("data"));
        }
        Path dir = home.resolve(process);
        return LEDGER.equals(process) ? bytesUnder(dir) - bytesUnder(dir.resolve("crypto")) : bytesUnder(dir);
    }

    static long bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0; // a file removed while walking (RocksDB compaction)
                        }
                    })
                    .sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** Stops the platform if the bench started it. */
    @Override
    public void close() {
        if (ours) {
            runScript(
                    root,
                    List.of(root.resolve("scripts/platform.sh").toString(), "down", "--home", home.toString()),
                    Duration.SHUTDOWN);
        }
    }

    private enum Duration {
        STARTUP(300),
        SHUTDOWN(180);

        final int seconds;

        Duration(int seconds) {
            this.seconds = seconds;
        }
    }

    private static int runScript(Path root, List<String> command, Duration limit) {
        return ShellScript.run(root, command, java.time.Duration.ofSeconds(limit.seconds));
    }
}
