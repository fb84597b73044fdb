package io.fapiao.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fapiao.cli.FapiaoCommand;
import io.fapiao.httpsig.HttpMessage;
import io.fapiao.httpsig.InMemoryNonceRegistry;
import io.fapiao.httpsig.MessageVerifier;
import io.fapiao.httpsig.SignatureRefused;
import io.fapiao.httpsig.VerificationPolicy;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Pem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fapiao call} against a server that checks RFC 9421 signatures as the services do: a request
 * signed with a registered client's key is answered, with its body and Content-Digest; the status
 * decides the exit code.
 */
class CallCommandTest {
    @TempDir
    Path home;

    private HttpServer server;
    private Identity desk;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(
                CryptoSuite.INTL,
                "IssuerOrg",
                "ca.issuer",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        ApiClients.openOrCreate(home.resolve("clients"), mspId -> ca);
        trust(home, ca);
        desk = ApiClients.identity(home.resolve("clients"), ApiClients.DESK);
        String keyId = CryptoSuite.INTL.fingerprint(desk.certificate());
        MessageVerifier verifier = new MessageVerifier(
                id -> id.equals(keyId) ? Optional.of(desk.certificate().getPublicKey()) : Optional.empty(),
                VerificationPolicy.requests(),
                new InMemoryNonceRegistry(Clock.systemUTC()),
                Clock.systemUTC());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> fields = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + exchange.getRequestURI());
            String answer;
            int status;
            try {
                verifier.verify(HttpMessage.request(exchange.getRequestMethod(), target, fields, body));
                status = 200;
                answer = "{\"method\":\"" + exchange.getRequestMethod() + "\",\"body\":"
                        + (body.length == 0 ? "null" : new String(body, StandardCharsets.UTF_8)) + "}";
            } catch (SignatureRefused e) {
                status = 401;
                answer = "{\"code\":\"" + e.refusal().name() + "\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.createContext("/binary", exchange -> {
            exchange.sendResponseHeaders(200, BINARY.length);
            exchange.getResponseBody().write(BINARY);
            exchange.close();
        });
        server.start();
    }

    /** Every byte value, as a PDF or OFD carries them: none of it survives a round trip through UTF-8 text. */
    private static final byte[] BINARY = binary();

    private static byte[] binary() {
        byte[] bytes = new byte[512];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int call(String... args) {
        CommandLine command = FapiaoCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 3];
        all[0] = "call";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--home";
        all[args.length + 2] = home.toString();
        return command.execute(all);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void aSignedGetAndASignedPostWithABodyAreAcceptedByAVerifierOfTheClientsKey() throws Exception {
        assertThat(call("GET", url("/v1/invoices/44010126-0000000001")))
                .as("%s", err)
                .isZero();
        assertThat(out.toString()).isEqualTo("{\"method\":\"GET\",\"body\":null}");
        assertThat(err.toString()).contains("HTTP 200");

        out.getBuffer().setLength(0);
        Path request = Files.writeString(home.resolve("request.json"), "{\"billKey\":\"X:1\"}");
        assertThat(call("POST", url("/v1/invoices"), "--data", request.toString(), "-H", "X-Trace: t1"))
                .as("%s", err)
                .isZero();
        assertThat(out.toString()).isEqualTo("{\"method\":\"POST\",\"body\":{\"billKey\":\"X:1\"}}");
        assertThat(err.toString()).contains("Idempotency-Key: ");
    }

    @Test
    void aDocumentDownloadGoesToTheOutputFileByteForByte() throws Exception {
        Path file = home.resolve("invoice.pdf");
        assertThat(call("GET", url("/binary"), "-o", file.toString()))
                .as("%s", err)
                .isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(BINARY);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aRefusalIsExitOneAndNoRequestAtAllIsExitTwo() throws Exception {
        // Signed by a client the verifier does not know: refused, and the refusal is shown.
        CertificateAuthority other = CertificateAuthority.create(
                CryptoSuite.INTL,
                "Other",
                "ca.other",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        Path otherHome = Files.createDirectories(home.resolve("other"));
        ApiClients.openOrCreate(otherHome.resolve("clients"), mspId -> other);
        trust(otherHome, other);
        CommandLine command = FapiaoCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        assertThat(command.execute("call", "GET", url("/v1/invoices"), "--home", otherHome.toString()))
                .isEqualTo(1);
        assertThat(out.toString()).contains("UNKNOWN_KEY");
        assertThat(err.toString()).contains("HTTP 401");

        assertThat(call("GET", url("/v1/invoices"), "--as", "nobody")).isEqualTo(2);
        assertThat(err.toString()).contains("client nobody has no key");
        assertThat(call(
                        "POST",
                        url("/v1/invoices"),
                        "--data",
                        home.resolve("missing.json").toString()))
                .isEqualTo(2);
        assertThat(call("GET", "http://127.0.0.1:1/v1/verify")).isEqualTo(2);
    }

    /** The trust anchors ./fapiao up writes, which the command's HTTPS client trusts. */
    private static void trust(Path home, CertificateAuthority ca) throws Exception {
        Files.createDirectories(home.resolve("trust"));
        Files.writeString(home.resolve("trust").resolve("ca.pem"), Pem.certificate(ca.certificate()));
    }
}
