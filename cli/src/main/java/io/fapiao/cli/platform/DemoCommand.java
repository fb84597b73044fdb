package io.fapiao.cli.platform;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./fapiao demo}: realistic bills through a running platform, the way its users reach it.
 * Three hospitals push outpatient and inpatient bills to the his-adapter (the third seals under the
 * GM suite); a compromised HIS slips a tampered envelope straight onto the ledger; the finance bureau
 * verifies, the issuer issues; an insurer claims one invoice and then tries again. A progress bar
 * runs while bills settle, then a table says what became of each.
 *
 * <pre>{@code
 * ./fapiao up && ./fapiao demo
 * }</pre>
 */
@Command(
        name = "demo",
        description = "Push sample bills through the running platform (./fapiao up) and show what became of each.")
public final class DemoCommand implements Callable<Integer> {
    private static final Duration SETTLE = Duration.ofMinutes(3);

    @Option(names = "--home", defaultValue = ".fapiao", description = "the platform's folder")
    Path home;

    @Option(names = "--port-base", defaultValue = "7000", description = "as given to ./fapiao up")
    int portBase;

    @Option(names = "--bills-per-hospital", defaultValue = "2")
    int perHospital;

    /** One bill of the demo and what became of it. */
    private record Line(String billKey, String who, String suite, String route) {}

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PlatformLayout layout = new PlatformLayout(home, "localhost:" + (portBase + 51), portBase);
        try (PlatformClient platform = new PlatformClient(layout)) {
            try {
                platform.send("GET", platform.hisAdapter("/actuator/health"), new byte[0], Map.of());
            } catch (java.io.IOException e) {
                System.err.println("demo: the platform is not running at " + layout.url(PlatformLayout.HIS_ADAPTER)
                        + "; start it with ./fapiao up");
                return 2;
            }
            String run = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36)
                    .toUpperCase();
            List<Line> lines = new ArrayList<>();
            List<String> hospitals = DevelopmentConsortiumPlan.hospitals();
            for (int h = 0; h < hospitals.size(); h++) {
                String uscc = hospitals.get(h);
                for (int i = 0; i < perHospital; i++) {
                    long seed = h * 100L + i;
                    Bill sample = i % 2 == 0 ? SampleBills.outpatient(seed, uscc) : SampleBills.inpatient(seed, uscc);
                    // Under the registered name: the adapter and the verifier refuse a bill under any other.
                    Bill bill =
                            DevelopmentConsortiumPlan.asRegistered(sample.reissued("DEMO-" + run + "-" + h + i, now()));
                    lines.add(new Line(
                            platform.submitBill(bill),
                            DevelopmentConsortiumPlan.SUBMITTERS.get(uscc),
                            h == 2 ? "GM" : "INTL",
                            "his-adapter"));
                }
            }
            String tamperedUscc = hospitals.get(1);
            Bill victim = DevelopmentConsortiumPlan.asRegistered(
                    SampleBills.outpatient(999, tamperedUscc).reissued("DEMO-" + run + "-TAMPERED", now()));
            lines.add(new Line(
                    platform.submitTampered(victim),
                    DevelopmentConsortiumPlan.SUBMITTERS.get(tamperedUscc),
                    "INTL",
                    "straight to the ledger, 1 ciphertext byte flipped"));
            out.println("Submitted " + lines.size() + " bills; waiting for the finance bureau and the issuer...");

            Map<Line, String> outcomes = settle(platform, lines);
            out.println();
            out.printf("%-40s %-52s %-5s %-9s %s%n", "bill", "submitter", "suite", "outcome", "detail");
            for (Line line : lines) {
                out.printf(
                        "%-40s %-52s %-5s %-9s %s%n",
                        line.billKey(),
                        line.who(),
                        line.suite(),
                        outcomes.get(line).split(" ", 2)[0],
                        detail(line, outcomes.get(line)));
            }
            claimTwice(platform, lines, outcomes, out, run);
            out.println();
            out.println("Provenance of any bill, as the auditor: ./fapiao call GET "
                    + layout.url(PlatformLayout.FINANCE_VERIFIER) + "/v1/provenance/<bill key> --as "
                    + ApiClients.AUDITOR + "  (and .../proof for the offline proof bundle)");
        }
        return 0;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(1);
    }

    /** Waits until every bill is ISSUED or REJECTED (or FAILED), drawing a progress bar on stderr. */
    private static Map<Line, String> settle(PlatformClient platform, List<Line> lines) throws Exception {
        FapiaoLedger auditor = platform.ledger(DevelopmentConsortiumPlan.AUDITOR_MSP, "auditor1");
        Map<Line, String> outcomes = new LinkedHashMap<>();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (outcomes.size() < lines.size() && System.nanoTime() < deadline) {
            for (Line line : lines) {
                if (!outcomes.containsKey(line)) {
                    BillRecord record =
                            auditor.bill(BillKey.parse(line.billKey())).bill();
                    if (record.state() == BillState.ISSUED || record.state() == BillState.REJECTED) {
                        outcomes.put(
                                line,
                                record.state() + " "
                                        + (record.state() == BillState.ISSUED
                                                ? record.invoiceNumber()
                                                : String.join(
                                                        ",",
                                                        record.verification().reasonCodes())));
                    }
                }
            }
            progress(outcomes.size(), lines.size());
            Thread.sleep(300);
        }
        System.err.println();
        for (Line line : lines) {
            outcomes.putIfAbsent(line, "PENDING still in flight after " + SETTLE.toMinutes() + " min");
        }
        return outcomes;
    }

    private static void progress(int done, int total) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        System.err.print(
                "\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total + " bills settled");
    }

    private static String detail(Line line, String outcome) {
        String[] parts = outcome.split(" ", 2);
        String rest = parts.length > 1 ? parts[1] : "";
        return switch (parts[0]) {
            case "ISSUED" -> "invoice " + rest;
            case "REJECTED" -> "reasons " + rest + " (" + line.route() + ")";
            default -> rest;
        };
    }

    /** An insurer claims the first issued invoice, then claims it again: the second is refused. */
    private static void claimTwice(
            PlatformClient platform, List<Line> lines, Map<Line, String> outcomes, PrintStream out, String run)
            throws Exception {
        String number = lines.stream()
                .map(outcomes::get)
                .filter(o -> o.startsWith("ISSUED "))
                .map(o -> o.substring("ISSUED ".length()))
                .findFirst()
                .orElse(null);
        if (number == null) {
            out.println("No invoice was issued, so nothing to claim.");
            return;
        }
        var claims = platform.issuerApi("/v1/invoices/" + number + "/claims");
        out.println();
        for (String claimant : List.of("POLICY-" + run, "EMPLOYER-" + run)) {
            HttpResponse<byte[]> answer = platform.signedPost(
                    ApiClients.INSURER, claims, "{\"claimantId\":\"" + claimant + "\",\"purpose\":\"reimbursement\"}");
            JsonNode body = PlatformClient.json(answer.body());
            String what = answer.statusCode() < 300
                    ? "accepted"
                    : "refused " + text(body, "code") + ": " + text(body, "detail");
            out.println(
                    "Claim of invoice " + number + " by " + claimant + ": HTTP " + answer.statusCode() + " " + what);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.get(field) == null ? "" : node.get(field).asString();
    }
}
