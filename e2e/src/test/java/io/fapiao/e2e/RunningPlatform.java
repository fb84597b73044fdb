package io.fapiao.e2e;

import io.fapiao.cli.platform.PlatformClient;
import io.fapiao.cli.platform.PlatformLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The platform as a user starts it, in either deployment shape, with a home of its own and its own
 * ports (so a developer's {@code ./fapiao up} can keep running), reached through {@link PlatformClient}:
 * <ul>
 * <li>{@link #embedded}: {@code scripts/platform.sh up}, the packaged jars of the embedded ledger node
 *     and the three services as separate processes, as {@code ./fapiao up} does;</li>
 * <li>{@link #onFabric}: {@code network/fabric.sh up} (4 SmartBFT orderers, a peer per organisation, the
 *     contract as a chaincode service), then {@code scripts/platform.sh up --network}, the three services
 *     each on its own organisation's peer, as {@code ./fapiao up --fabric} does.</li>
 * </ul>
 * The home is emptied first (whatever a previous run left running in it is stopped), and {@link #close}
 * stops every part in reverse order, each even when another fails to stop. {@link #keepLogs} copies the
 * logs of every process out of the home, which the next start wipes.
 *
 * <pre>{@code
 * try (RunningPlatform platform = RunningPlatform.onFabric(Path.of("target/e2e-fabric"), 18000, 28000)) {
 *     String billKey = platform.client().submitBill(bill);
 * }
 * }</pre>
 */
final class RunningPlatform implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern NOTABLE = Pattern.compile("ERRO|WARN|ERROR|Exception|panic|FATAL");

    /**
     * One part started by a script and stopped by it: the Fabric network or the services.
     *
     * @param name   what the part is called in the test's logs: {@code network} or {@code platform}
     * @param script the script, relative to the repository
     * @param home   the part's folder ({@code --home})
     * @param up     the further arguments of {@code up}
     */
    private record Part(String name, String script, Path home, List<String> up) {
        Path logs() {
            return home.resolve("logs");
        }
    }

    private final Path home;
    private final List<Part> parts;
    private final PlatformClient client;
    private boolean tailsPrinted;

    private RunningPlatform(Path home, List<Part> parts, PlatformLayout layout) {
        this.home = home;
        this.parts = parts;
        this.client = new PlatformClient(layout);
    }

    /** The embedded node and the three services in {@code home} (emptied first), services on {@code portBase}. */
    static RunningPlatform embedded(Path home, int portBase) throws Exception {
        Part platform = new Part("platform", "scripts/platform.sh", home,
                List.of("--port-base", Integer.toString(portBase)));
        return start(home, List.of(platform), new PlatformLayout(home, "localhost:" + (portBase + 51), portBase));
    }

    /**
     * A Fabric network in {@code home} (emptied first) on ports {@code networkPortBase} + 100..300, and
     * the three services on it in {@code home/platform} on {@code portBase} + 1081..1083.
     */
    static RunningPlatform onFabric(Path home, int networkPortBase, int portBase) throws Exception {
        Path platformHome = home.resolve("platform");
        Part network = new Part("network", "network/fabric.sh", home,
                List.of("--port-base", Integer.toString(networkPortBase)));
        Part platform = new Part("platform", "scripts/platform.sh", platformHome,
                List.of("--network", home.toString(), "--port-base", Integer.toString(portBase)));
        return start(home, List.of(network, platform),
                new PlatformLayout(platformHome, "localhost:" + (portBase + 51), portBase));
    }

    private static RunningPlatform start(Path home, List<Part> parts, PlatformLayout layout) throws Exception {
        RunningPlatform platform = new RunningPlatform(home, parts, layout);
        if (Files.exists(home)) {
            platform.stop(parts);
            deleteRecursively(home);
        }
        List<Part> started = new ArrayList<>();
        try {
            for (Part part : parts) {
                started.add(part);
                platform.script(part, "up", part.up());
            }
        } catch (Exception | Error e) {
            platform.keepLogs("the start failed");
            try {
                platform.stop(started);
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        return platform;
    }

    private void script(Part part, String action, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve(part.script()).toString(), action,
                "--home", part.home().toString()));
        command.addAll(arguments);
        Path log = Files.createDirectories(home.getParent())
                .resolve(home.getFileName() + "-" + part.name() + "-" + action + ".log");
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(log));
        }
    }

    /** Stops {@code started} newest first; every part is asked to stop even when an earlier one fails. */
    private void stop(List<Part> started) throws Exception {
        Exception failure = null;
        for (Part part : started.reversed()) {
            try {
                script(part, "down", List.of());
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    PlatformClient client() {
        return client;
    }

    Path home() {
        return home;
    }

    /**
     * Copies every process's log to {@code <home>-logs/<part>/} beside the home (which the next start
     * wipes) and, the first time, prints each log's last warnings and errors, so that a CI run's output
     * says what went wrong. Never throws: it runs on the way out of a failure.
     */
    void keepLogs(String why) {
        Path kept = home.resolveSibling(home.getFileName() + "-logs");
        StringBuilder tails = new StringBuilder();
        for (Part part : parts) {
            if (!Files.isDirectory(part.logs())) {
                continue;
            }
            try (Stream<Path> files = Files.list(part.logs())) {
                Path into = Files.createDirectories(kept.resolve(part.name()));
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                    Files.copy(file, into.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    tails.append("---- ").append(part.name()).append('/').append(file.getFileName()).append(" ----\n");
                    notableTail(file).forEach(line -> tails.append(line).append('\n'));
                }
            } catch (IOException | UncheckedIOException e) {
                System.err.println("could not keep the logs of " + part.home() + ": " + e);
            }
        }
        if (!tailsPrinted) {
            tailsPrinted = true;
            System.err.println("==== " + why + "; the logs are kept in " + kept + "; their last warnings and errors:\n"
                    + tails);
        }
    }

    /** The last 20 warning or error lines of a log, or its last 5 lines when it has none. */
    private static List<String> notableTail(Path file) throws IOException {
        List<String> lines;
        try (Stream<String> all = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            lines = all.toList();
        }
        List<String> notable = lines.stream().filter(line -> NOTABLE.matcher(line).find()).toList();
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

    @Override
    public void close() throws Exception {
        try {
            client.close();
        } finally {
            stop(parts);
        }
    }
}
