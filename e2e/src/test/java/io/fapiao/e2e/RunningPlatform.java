package io.fapiao.e2e;

import io.fapiao.cli.platform.PlatformClient;
import io.fapiao.cli.platform.PlatformLayout;
import io.fapiao.ledger.client.fabric.FabricNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The platform as a user starts it, in either deployment shape, with a home of its own and its own
 * ports (so a developer's {@code ./fapiao up} can keep running), reached through {@link PlatformClient}:
 * <ul>
 * <li>{@link #embedded}: {@code scripts/platform.sh up}, the packaged jars of the embedded ledger node
 *     and the three services as separate processes, as {@code ./fapiao up} does;</li>
 * <li>{@link #onFabric}: a Fabric network by {@link FabricNetwork} ({@code network/fabric.sh up}: 4
 *     SmartBFT orderers, a peer per organisation, the contract as a chaincode service), then
 *     {@code scripts/platform.sh up --network}, the three services each on its own organisation's
 *     peer, as {@code ./fapiao up --fabric} does.</li>
 * </ul>
 * The home is emptied first (whatever a previous run left running in it is stopped), and {@link #close}
 * stops the services, then the network, even when stopping the services fails. {@link #keepLogs}
 * copies every process's log out of the home, which the next start wipes.
 *
 * <pre>{@code
 * try (RunningPlatform platform = RunningPlatform.onFabric(Path.of("target/e2e-fabric"), 18000, 28000)) {
 *     String billKey = platform.client().submitBill(bill);
 * }
 * }</pre>
 */
final class RunningPlatform implements AutoCloseable {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern NOTABLE = Pattern.compile("ERRO|WARN|ERROR|Exception|panic|FATAL");

    private final Path home;
    private final Path platformHome;
    private final FabricNetwork network;
    private final PlatformClient client;
    private boolean tailsPrinted;

    private final Map<String, String> environment;
    private final List<String> upArguments = new ArrayList<>();

    private RunningPlatform(
            Path home, Path platformHome, FabricNetwork network, int portBase, Map<String, String> environment) {
        this.home = home;
        this.platformHome = platformHome;
        this.network = network;
        this.environment = Map.copyOf(environment);
        this.client = new PlatformClient(new PlatformLayout(platformHome, "localhost:" + (portBase + 51), portBase));
    }

    /** The embedded node and the three services in {@code home} (emptied first), services on {@code portBase}. */
    static RunningPlatform embedded(Path home, int portBase) throws Exception {
        return embedded(home, portBase, Map.of());
    }

    /**
     * The same, with {@code environment} added to {@code scripts/platform.sh}'s (e.g.
     * {@code FAPIAO_DATABASE_URL} for PostgreSQL).
     */
    static RunningPlatform embedded(Path home, int portBase, Map<String, String> environment) throws Exception {
        if (Files.exists(home)) {
            platformScript(home, "down", List.of(), environment);
            deleteRecursively(home);
        }
        return new RunningPlatform(home, home, null, portBase, environment)
                .startServices(List.of("--port-base", Integer.toString(portBase)));
    }

    /**
     * Kills one process of the platform ({@code ledger}, {@code his-adapter}, {@code finance-verifier},
     * {@code issuer-api}) with SIGKILL, as a crash would, and waits until it is gone.
     */
    void kill(String process) throws Exception {
        long pid = Long.parseLong(Files.readString(platformHome.resolve("run").resolve(process + ".pid"))
                .trim());
        ProcessHandle handle = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(process + " (pid " + pid + ") is not running"));
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    /** {@code scripts/platform.sh up} again, as an operator does after a crash: starts what is not running. */
    void restart() throws Exception {
        platformScript(platformHome, "up", upArguments, environment);
    }

    /** {@code scripts/platform.sh status}'s output. */
    String status() throws Exception {
        return platformScript(platformHome, "status", List.of(), environment);
    }

    /**
     * {@code fapiao-ledger verify} on the embedded node's data (the node must be stopped): its output,
     * which ends with the number of problems found. Throws when the command cannot run.
     */
    String verifyLedger() throws Exception {
        Path log = home.resolveSibling(home.getFileName() + "-verify.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-jar",
                        ROOT.resolve("embedded-ledger/target/fapiao-ledger.jar").toString(),
                        "verify")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .put("FAPIAO_LEDGER_DATA_DIR", platformHome.resolve("ledger").toString());
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("fapiao-ledger verify did not finish in 5 minutes; see " + log);
        }
        return Files.readString(log);
    }

    /** Stops the services and the node (their data kept), as {@code ./fapiao down}. */
    void stop() throws Exception {
        platformScript(platformHome, "down", List.of(), environment);
    }

    /**
     * A Fabric network in {@code home} (emptied first) on ports {@code networkPortBase} + 100..300, and
     * the three services on it in {@code home/platform} on {@code portBase} + 1081..1083. Where Fabric
     * cannot run, {@link FabricNetwork#up} aborts the test, or fails it under {@code CI=true}.
     */
    static RunningPlatform onFabric(Path home, int networkPortBase, int portBase) throws Exception {
        Path platformHome = home.resolve("platform");
        if (Files.exists(platformHome)) {
            // Services a killed run left behind; the network's own leftovers are FabricNetwork's to stop.
            platformScript(platformHome, "down", List.of(), Map.of());
        }
        FabricNetwork network;
        try {
            network = FabricNetwork.up(home, networkPortBase);
        } catch (IOException e) {
            keepLogs(home, Map.of("network", home.resolve("logs")), "network/fabric.sh up failed", true);
            throw e;
        }
        return new RunningPlatform(home, platformHome, network, portBase, Map.of())
                .startServices(List.of("--network", home.toString(), "--port-base", Integer.toString(portBase)));
    }

    private RunningPlatform startServices(List<String> arguments) throws Exception {
        upArguments.addAll(arguments);
        try {
            platformScript(platformHome, "up", arguments, environment);
            return this;
        } catch (Exception | Error e) {
            keepLogs("the start failed");
            try {
                close();
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
    }

    /**
     * {@code scripts/platform.sh ACTION --home HOME ARGUMENTS...}, its output in a log beside the home;
     * returns the output.
     */
    private static String platformScript(
            Path home, String action, List<String> arguments, Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(ROOT.resolve("scripts/platform.sh").toString(), action, "--home", home.toString()));
        command.addAll(arguments);
        Path log = Files.createDirectories(home.getParent()).resolve(home.getFileName() + "-" + action + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(log));
        }
        return Files.readString(log);
    }

    PlatformClient client() {
        return client;
    }

    Path home() {
        return home;
    }

    /**
     * Copies every process's log to {@code <home>-logs/} beside the home (which the next start wipes)
     * and, the first time, prints each log's last warnings and errors, so that a CI run's output says
     * what went wrong. Never throws: it runs on the way out of a failure.
     */
    void keepLogs(String why) {
        Map<String, Path> folders = new LinkedHashMap<>();
        if (network != null) {
            folders.put("network", network.home().resolve("logs"));
        }
        folders.put("platform", platformHome.resolve("logs"));
        keepLogs(home, folders, why, !tailsPrinted);
        tailsPrinted = true;
    }

    private static void keepLogs(Path home, Map<String, Path> folders, String why, boolean print) {
        Path kept = home.resolveSibling(home.getFileName() + "-logs");
        StringBuilder tails = new StringBuilder();
        folders.forEach((name, folder) -> {
            if (!Files.isDirectory(folder)) {
                return;
            }
            try (Stream<Path> files = Files.list(folder)) {
                Path into = Files.createDirectories(kept.resolve(name));
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".log"))
                        .sorted()
                        .toList()) {
                    Files.copy(file, into.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    tails.append("---- ")
                            .append(name)
                            .append('/')
                            .append(file.getFileName())
                            .append(" ----\n");
                    notableTail(file).forEach(line -> tails.append(line).append('\n'));
                }
            } catch (IOException | UncheckedIOException e) {
                System.err.println("could not keep the logs in " + folder + ": " + e);
            }
        });
        if (print) {
            System.err.println(
                    "==== " + why + "; the logs are kept in " + kept + "; their last warnings and errors:\n" + tails);
        }
    }

    /** The last 20 warning or error lines of a log, or its last 5 lines when it has none. */
    private static List<String> notableTail(Path file) throws IOException {
        List<String> lines;
        try (Stream<String> all = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            lines = all.toList();
        }
        List<String> notable =
                lines.stream().filter(line -> NOTABLE.matcher(line).find()).toList();
        List<String> chosen = notable.isEmpty() ? lines : notable;
        int keep = notable.isEmpty() ? 5 : 20;
        return chosen.subList(Math.max(0, chosen.size() - keep), chosen.size());
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Stops the services, then the network; the network is stopped even when the services fail to stop. */
    @Override
    public void close() throws Exception {
        try {
            client.close();
        } finally {
            try {
                platformScript(platformHome, "down", List.of(), environment);
            } finally {
                if (network != null) {
                    network.close();
                }
            }
        }
    }
}
