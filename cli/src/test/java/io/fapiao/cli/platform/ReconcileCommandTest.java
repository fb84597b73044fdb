package io.fapiao.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fapiao.cli.FapiaoCommandTestAccess;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.json.Json;
import io.fapiao.service.reconcile.Disagreement;
import io.fapiao.service.reconcile.ReconcileReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fapiao reconcile} as an operator runs it: against services that answer over HTTP (JDK HTTP
 * servers standing in for the his-adapter and the finance verifier, answering with reports as the
 * services do; the services' own tests exercise the real endpoints), and against a platform that is
 * not running. What is printed, and the exit code, for each outcome.
 */
class ReconcileCommandTest {
    @TempDir
    Path home;

    private final List<HttpServer> servers = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private SSLContext serverTls;

    /**
     * The home as {@code ./fapiao up} leaves it for the command: a CA in {@code trust/}, the platform's
     * clients' keys; the stand-in services answer HTTPS under a certificate of that CA.
     */
    @BeforeEach
    void platformMaterial() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(
                CryptoSuite.INTL,
                "FinanceOrg",
                "ca.finance",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        Files.createDirectories(home.resolve("trust"));
        Files.writeString(home.resolve("trust").resolve("FinanceOrgMSP.pem"), Pem.certificate(ca.certificate()));
        ApiClients.openOrCreate(home.resolve("clients"), mspId -> ca);
        Identity service = ca.issue(IdentityProfile.named("service").withDnsName("localhost"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("service", service.privateKey(), new char[0], new java.security.cert.Certificate[] {
            service.certificate()
        });
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, new char[0]);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(managers.getKeyManagers(), null, null);
    }

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.stop(0));
    }

    private int run(String... args) {
        CommandLine command = FapiaoCommandTestAccess.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private static ReconcileReport report(String service, boolean repair, Disagreement... disagreements) {
        ReconcileReport.Builder builder = ReconcileReport.builder(service, repair, java.time.Clock.systemUTC());
        for (int i = 0; i < 7; i++) {
            builder.checked();
        }
        for (Disagreement d : disagreements) {
            builder.add(d);
        }
        return builder.build();
    }

    private static final Disagreement BEHIND = Disagreement.found(
            "STATUS_BEHIND", "91110108MA01ABCD2X:MZ0001", "QUEUED", "VERIFIED", "the ledger is at VERIFIED (tx 9c1e)");

    /** Serves {@code report} at POST /v1/admin/reconcile on {@code port}; remembers the query asked. */
    private void serve(int port, ReconcileReport report, AtomicReference<String> query) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/v1/admin/reconcile", exchange -> {
            query.set(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getQuery());
            byte[] body = Json.mapper().writeValueAsBytes(report);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        servers.add(server);
    }

    /** A port base whose three service ports (base + 1081, + 1082, + 1083) are free now. */
    private static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket probe = new ServerSocket(0)) {
                base = probe.getLocalPort() - 1081;
            }
            if (base < 1024 || base + 1083 > 65535) {
                continue;
            }
            try (ServerSocket a = new ServerSocket(base + 1081);
                    ServerSocket b = new ServerSocket(base + 1082);
                    ServerSocket c = new ServerSocket(base + 1083)) {
                return base;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no free service ports");
    }

    @Test
    void everyServiceAgreeingExitsZero() throws Exception {
        int base = freePortBase();
        AtomicReference<String> asked = new AtomicReference<>();
        serve(base + 1081, report("his-adapter", false), asked);
        serve(base + 1082, report("finance-verifier", false), new AtomicReference<>());

        int code = run(
                "reconcile",
                "--home",
                home.toString(),
                "--port-base",
                Integer.toString(base),
                "--service",
                "his-adapter,finance-verifier");

        assertThat(code).as(out + "" + err).isZero();
        assertThat(asked.get()).isEqualTo("POST repair=false");
        assertThat(out.toString())
                .contains("his-adapter (https://localhost:" + (base + 1081) + "): 7 checked, 0 disagreements")
                .contains("agrees with the ledger")
                .contains("total: 2 services, 14 checked, 0 disagreements, 0 repaired, 0 remaining")
                .contains("every service agrees with the ledger");
    }

    @Test
    void aDisagreementLeftStandingExitsOneAndSaysHowToRepair() throws Exception {
        int base = freePortBase();
        serve(base + 1081, report("his-adapter", false, BEHIND), new AtomicReference<>());

        int code = run(
                "reconcile",
                "--home",
                home.toString(),
                "--port-base",
                Integer.toString(base),
                "--service",
                "his-adapter");

        assertThat(code).isEqualTo(ReconcileTable.DISAGREE);
        assertThat(out.toString())
                .contains("1 disagreement")
                .containsPattern("STATUS_BEHIND +91110108MA01ABCD2X:MZ0001 +QUEUED +VERIFIED +no")
                .contains("the ledger is at VERIFIED (tx 9c1e)")
                .contains("./fapiao reconcile --repair");
    }

    @Test
    void repairedDisagreementsExitZeroAndTheRepairIsAskedFor() throws Exception {
        int base = freePortBase();
        AtomicReference<String> asked = new AtomicReference<>();
        serve(base + 1081, report("his-adapter", true, BEHIND.repairedBy("recorded SUBMITTED, VERIFIED")), asked);

        int code = run(
                "reconcile",
                "--repair",
                "--home",
                home.toString(),
                "--port-base",
                Integer.toString(base),
                "--service",
                "his-adapter");

        assertThat(code).isZero();
        assertThat(asked.get()).isEqualTo("POST repair=true");
        assertThat(out.toString())
                .contains("1 disagreement, 1 repaired")
                .containsPattern("STATUS_BEHIND .* yes")
                .contains("1 repaired, 0 remaining");
    }

    @Test
    void aServiceThatIsNotRunningExitsTwo() throws Exception {
        int base = freePortBase();
        serve(base + 1081, report("his-adapter", false), new AtomicReference<>());

        int code = run(
                "reconcile",
                "--home",
                home.toString(),
                "--port-base",
                Integer.toString(base),
                "--service",
                "his-adapter,finance-verifier");

        assertThat(code).isEqualTo(ReconcileTable.UNKNOWN);
        assertThat(out.toString())
                .contains("finance-verifier (https://localhost:" + (base + 1082) + "): not reconciled: not running")
                .contains("1 service could not be reconciled")
                .contains("total: 1 of 2 services reconciled, 7 checked");
    }

    @Test
    void aClientWithoutAKeyIsNamed() throws Exception {
        int base = freePortBase();
        serve(base + 1083, report("issuer-api", false), new AtomicReference<>());

        int code = run(
                "reconcile",
                "--home",
                home.toString(),
                "--port-base",
                Integer.toString(base),
                "--service",
                "issuer-api",
                "--client",
                "night-shift");

        assertThat(code).isEqualTo(ReconcileTable.UNKNOWN);
        assertThat(out.toString())
                .contains("client night-shift has no key here")
                .contains(home.resolve("clients").resolve("night-shift").toString());
    }

    @Test
    void anUnknownServiceIsRefused() {
        assertThat(run("reconcile", "--home", home.toString(), "--service", "ledger"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no service ledger");
    }

    @Test
    void theTableShortensLongValuesAndShowsMissingOnesAsADash() {
        String hash = "ab".repeat(32);
        String text = ReconcileTable.render(
                "http://localhost:8083",
                report(
                        "issuer-api",
                        false,
                        Disagreement.found(
                                "DOCUMENT_MISSING", "44010126-0000000222", null, hash, "none is stored here")));
        assertThat(text)
                .contains("DOCUMENT_MISSING  44010126-0000000222  -")
                .contains(hash.substring(0, 27) + "...")
                .doesNotContain(hash);
        assertThat(ReconcileTable.exitCode(List.of(report("a", false)), 0)).isZero();
        assertThat(ReconcileTable.exitCode(List.of(report("a", false, BEHIND)), 0))
                .isEqualTo(1);
        assertThat(ReconcileTable.exitCode(List.of(report("a", false)), 1)).isEqualTo(2);
        assertThat(new String(Json.mapper().writeValueAsBytes(report("a", false)), StandardCharsets.UTF_8))
                .doesNotContain("agrees");
    }
}
