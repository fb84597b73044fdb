package io.fapiao.e2e;

import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The platform as a user starts it: {@code scripts/platform.sh up} with a home of its own and its own
 * ports (so a developer's {@code ./fapiao up} can keep running), the packaged jars of the node and the
 * three services as separate processes, and clients that reach them the way their users do: HTTP for
 * the services, the Fabric Gateway protocol with a consortium identity for the ledger.
 *
 * <pre>{@code
 * try (RunningPlatform platform = RunningPlatform.start(Path.of("target/e2e"), 27000)) {
 *     HttpResponse<String> r = platform.post(platform.hisAdapter("/v1/bills"), billJson, Map.of("Idempotency-Key", "k1"));
 * }
 * }</pre>
 */
final class RunningPlatform implements AutoCloseable {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private final Path home;
    private final int portBase;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Ledger> connections = new ArrayList<>();

    private RunningPlatform(Path home, int portBase) {
        this.home = home;
        this.portBase = portBase;
    }

    /** Starts a fresh platform in {@code home} (emptied first); fails with the script's output if it cannot. */
    static RunningPlatform start(Path home, int portBase) throws Exception {
        if (Files.exists(home)) {
            script("down", home, portBase);
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        RunningPlatform platform = new RunningPlatform(home, portBase);
        script("up", home, portBase);
        return platform;
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

    Path home() {
        return home;
    }

    URI hisAdapter(String path) {
        return URI.create("http://localhost:" + (portBase + 1081) + path);
    }

    URI financeVerifier(String path) {
        return URI.create("http://localhost:" + (portBase + 1082) + path);
    }

    URI issuerApi(String path) {
        return URI.create("http://localhost:" + (portBase + 1083) + path);
    }

    HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(URI uri, String json, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.readTree(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A consortium user's identity, from the node's MSP folders. */
    Identity identity(String mspId, String user) throws Exception {
        Path msp = userDirectory(mspId, user);
        return new Identity(Pem.certificate(Files.readString(onlyFile(msp.resolve("signcerts")))),
                Pem.privateKey(Files.readString(onlyFile(msp.resolve("keystore")))));
    }

    /** A REST client's identity of the issuer API (platform configure generates them). */
    Identity apiClient(String name) throws Exception {
        Path folder = home.resolve("clients").resolve(name);
        return new Identity(Pem.certificate(Files.readString(folder.resolve("cert.pem"))),
                Pem.privateKey(Files.readString(folder.resolve("key.pem"))));
    }

    /** The ledger as {@code user} of {@code mspId}, over the node's TLS gateway. */
    FapiaoLedger ledger(String mspId, String user) throws Exception {
        Path msp = userDirectory(mspId, user);
        Ledger ledger = Ledger.connect(LedgerSettings.builder()
                .endpoint("localhost:" + (portBase + 51))
                .tlsRootCertificate(io.fapiao.ledger.consortium.Consortium.load(home.resolve("ledger/crypto"))
                        .tls().rootCertificate())
                .mspId(mspId)
                .certificate(onlyFile(msp.resolve("signcerts")))
                .privateKey(onlyFile(msp.resolve("keystore")))
                .build());
        connections.add(ledger);
        return new FapiaoLedger(ledger);
    }

    private Path userDirectory(String mspId, String user) throws Exception {
        return io.fapiao.ledger.consortium.Consortium.load(home.resolve("ledger/crypto")).userDirectory(mspId, user);
    }

    private static Path onlyFile(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.findFirst().orElseThrow(() -> new IOException("empty folder " + folder));
        }
    }

    @Override
    public void close() throws Exception {
        connections.forEach(Ledger::close);
        script("down", home, portBase);
    }
}
