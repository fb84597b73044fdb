package io.fapiao.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the repository's scripts ({@code scripts/platform.sh}, {@code network/fabric.sh},
 * {@code bench/floor-chaincode.sh}) from the repository root, its output copied to stderr, and waits
 * for it up to a limit: how the benches start and stop what they measure.
 *
 * <pre>{@code
 * int exit = ShellScript.run(root, List.of("network/fabric.sh", "up", "--home", home), Duration.ofMinutes(5));
 * }</pre>
 */
public final class ShellScript {

    private ShellScript() {}

    /** Runs {@code command} in {@code root}; its exit code, or -1 when it could not run or overran {@code limit}. */
    public static int run(Path root, List<String> command, Duration limit) {
        return run(root, command, Map.of(), limit);
    }

    /** As {@link #run(Path, List, Duration)}, with {@code environment} added to the bench's own. */
    public static int run(Path root, List<String> command, Map<String, String> environment, Duration limit) {
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            Thread pump = Thread.ofPlatform().daemon().start(() -> copyToStderr(process.getInputStream()));
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                return -1;
            }
            pump.join(1000);
            return process.exitValue();
        } catch (IOException e) {
            System.err.println("bench: cannot run " + command.get(0) + ": " + e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void copyToStderr(InputStream in) {
        try (in) {
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                System.err.write(buffer, 0, n);
            }
            System.err.flush();
        } catch (IOException e) {
            // the script ended
        }
    }
}
