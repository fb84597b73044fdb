package io.fapiao.e2e;

import io.fapiao.cli.platform.PlatformClient;
import io.fapiao.cli.platform.PlatformLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * The platform as a user starts it: {@code scripts/platform.sh up} with a home of its own and its own
 * ports (so a developer's {@code ./fapiao up} can keep running), the packaged jars of the node and the
 * three services as separate processes, reached through {@link PlatformClient}.
 *
 * <pre>{@code
 * try (RunningPlatform platform = RunningPlatform.start(Path.of("target/e2e"), 27000)) {
 *     String billKey = platform.client().submitBill(bill);
 * }
 * }</pre>
 */
final class RunningPlatform implements AutoCloseable {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private final Path home;
    private final int portBase;
    private final PlatformClient client;

    private RunningPlatform(Path home, int portBase) {
        this.home = home;
        this.portBase = portBase;
        this.client = new PlatformClient(new PlatformLayout(home, "localhost:" + (portBase + 51), portBase));
    }

    /** Starts a fresh platform in {@code home} (emptied first); fails with the script's output if it cannot. */
    static RunningPlatform start(Path home, int portBase) throws Exception {
        if (Files.exists(home)) {
            script("down", home, portBase);
            try (var paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        script("up", home, portBase);
        return new RunningPlatform(home, portBase);
    }

    private static void script(String action, Path home, int portBase) throws Exception {
        Path log = Files.createDirectories(home.getParent()).resolve("platform-" + action + ".log");
        Process process = new ProcessBuilder(ROOT.resolve("scripts/platform.sh").toString(), action,
                "--home", home.toString(), "--port-base", Integer.toString(portBase))
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("scripts/platform.sh " + action + " failed:\n" + Files.readString(log));
        }
    }

    PlatformClient client() {
        return client;
    }

    Path home() {
        return home;
    }

    @Override
    public void close() throws Exception {
        client.close();
        script("down", home, portBase);
    }
}
