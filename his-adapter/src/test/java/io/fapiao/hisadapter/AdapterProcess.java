package io.fapiao.hisadapter;

import io.fapiao.httpsig.SigningHttpClient;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The adapter's executable jar ({@code target/fapiao-his-adapter.jar}, built by the package phase before
 * the integration tests) in a process of its own, so that a test can stop it as an operator does
 * ({@link #stop()}: SIGTERM, the JVM's shutdown hooks run) or kill it ({@link #kill()}: SIGKILL, as
 * {@code kill -9}: nothing runs). Its output goes to {@code log}.
 *
 * <pre>{@code
 * try (AdapterProcess adapter = AdapterProcess.start(properties, dir.resolve("adapter.log"), his.http())) {
 *     adapter.api().post(bill, key);
 *     adapter.kill();
 * }
 * }</pre>
 */
final class AdapterProcess implements AutoCloseable {
    private static final Duration START = Duration.ofMinutes(3);

    private final Process process;
    private final Path log;
    private final AdapterApi api;

    private AdapterProcess(Process process, Path log, int port, SigningHttpClient client) {
        this.process = process;
        this.log = log;
        this.api = new AdapterApi(URI.create("http://localhost:" + port), client);
    }

    /** Started with {@code properties}; its API called as {@code client}. */
    static AdapterProcess start(Map<String, String> properties, Path log, SigningHttpClient client) throws Exception {
        Path jar = Path.of("target", "fapiao-his-adapter.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests through the verify phase, "
                    + "whose package phase builds it");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-jar",
                jar.toString()));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        command.add("--server.port=" + port);
        // Plain HTTP on loopback, chosen by name as a development setting is (the services refuse it otherwise).
        command.add("--fapiao.http.plaintext=true");
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        AdapterProcess adapter = new AdapterProcess(process, log, port, client);
        long until = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < until) {
            if (adapter.log().contains("Started HisAdapterApplication")) {
                return adapter;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the adapter exited with " + process.exitValue() + ":\n" + adapter.log());
            }
            Thread.sleep(200);
        }
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("the adapter did not start within " + START + ":\n" + adapter.log());
    }

    AdapterApi api() {
        return api;
    }

    /** Everything the process wrote so far. */
    String log() throws Exception {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** SIGTERM, as an operator's stop; waits for the process to end and returns its exit code. */
    int stop() throws Exception {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the adapter did not stop within two minutes of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs, nothing is given back. */
    void kill() throws Exception {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
