package io.fapiao.cli.platform;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Json;
import io.fapiao.service.reconcile.ReconcileReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./fapiao reconcile}: asks each service of a running platform to compare its records with the
 * ledger's ({@code POST /v1/admin/reconcile}) and prints every disagreement, per service and in
 * total. With {@code --repair} the services adopt the ledger's records (the ledger is the source of
 * truth; nothing is written to it). The issuer API is called with a REST client's RFC 9421 signature
 * (role issuer); the his-adapter and the finance verifier as they are reached today.
 *
 * <p>Exit code: 0 every service agrees with the ledger (nothing found, or everything repaired); 1 a
 * disagreement remains; 2 a service could not be reconciled (not running, refused, failed).
 *
 * <pre>{@code
 * ./fapiao reconcile
 * ./fapiao reconcile --repair
 * java -jar fapiao-cli.jar reconcile --home target/e2e-platform --port-base 27000 --service issuer-api
 * }</pre>
 */
@Command(
        name = "reconcile",
        description = "Compare each service's records with the ledger's and report every "
                + "disagreement; with --repair the services adopt the ledger's records. Exit 0: all agree; 1: a disagreement "
                + "remains; 2: a service could not be reconciled.")
public final class ReconcileCommand implements Callable<Integer> {
    private static final List<String> SERVICES =
            List.of(PlatformLayout.HIS_ADAPTER, PlatformLayout.FINANCE_VERIFIER, PlatformLayout.ISSUER_API);

    @Spec
    CommandSpec spec;

    @Option(names = "--repair", description = "make each service adopt the ledger's records where they differ")
    boolean repair;

    @Option(
            names = "--home",
            defaultValue = ".fapiao",
            description = "the platform's folder (default ${DEFAULT-VALUE})")
    Path home;

    @Option(
            names = "--port-base",
            defaultValue = "7000",
            description = "as given to ./fapiao up (default ${DEFAULT-VALUE})")
    int portBase;

    @Option(
            names = "--service",
            split = ",",
            paramLabel = "NAME",
            description = "only these services: his-adapter, finance-verifier, issuer-api (default: all three)")
    List<String> services;

    @Option(
            names = "--client",
            defaultValue = ApiClients.OPERATOR,
            paramLabel = "NAME",
            description = "the client (in <home>/clients) that signs the requests; each service must give it role "
                    + "operator (default ${DEFAULT-VALUE})")
    String client;

    @Option(
            names = "--timeout",
            defaultValue = "600",
            paramLabel = "SECONDS",
            description = "how long to wait for each service's report (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> chosen = services == null || services.isEmpty() ? SERVICES : services;
        for (String service : chosen) {
            if (!SERVICES.contains(service)) {
                err.println("reconcile: no service " + service + "; choose from " + SERVICES);
                return 2;
            }
        }
        PlatformLayout layout = new PlatformLayout(home, "localhost:" + (portBase + 51), portBase);
        List<ReconcileReport> reports = new ArrayList<>();
        int unreachable = 0;
        try (PlatformClient platform = new PlatformClient(layout)) {
            for (String service : chosen) {
                String url = layout.url(service);
                try {
                    ReconcileReport report = reconcile(platform, service);
                    reports.add(report);
                    out.print(ReconcileTable.render(url, report));
                } catch (IOException e) {
                    unreachable++;
                    out.print(ReconcileTable.failure(service, url, e.getMessage()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 2;
                }
                out.println();
            }
        }
        out.print(ReconcileTable.total(reports, unreachable));
        out.flush();
        return ReconcileTable.exitCode(reports, unreachable);
    }

    private ReconcileReport reconcile(PlatformClient platform, String service)
            throws IOException, InterruptedException {
        URI uri = URI.create(platform.layout().url(service) + "/v1/admin/reconcile?repair=" + repair);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        HttpResponse<byte[]> answer;
        try {
            answer = platform.as(client).send("POST", uri, Map.of(), new byte[0], timeout);
        } catch (java.net.ConnectException e) {
            throw new IOException("not running (connection refused); start the platform with ./fapiao up", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(
                    "client " + client + " has no key here (" + e.getFile() + " is missing): is "
                            + "--home the platform's folder? ./fapiao up writes the clients there",
                    e);
        }
        if (answer.statusCode() != 200) {
            throw new IOException("HTTP " + answer.statusCode() + " " + problem(answer.body()));
        }
        try {
            return Json.read(answer.body(), ReconcileReport.class);
        } catch (ProtocolException e) {
            throw new IOException(
                    "the answer is not a reconcile report (is the service older than this command?): " + e.getMessage(),
                    e);
        }
    }

    /** A problem+json body as "CODE: detail"; anything else as it is. */
    private static String problem(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode problem = Json.readTree(body);
            JsonNode code = problem.get("code");
            JsonNode detail = problem.get("detail");
            if (code != null && detail != null) {
                return code.asString() + ": " + detail.asString();
            }
        } catch (ProtocolException e) {
            // not JSON: shown as it came
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
