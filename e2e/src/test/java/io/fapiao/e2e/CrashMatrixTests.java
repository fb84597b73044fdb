package io.fapiao.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.cli.platform.ApiClients;
import io.fapiao.cli.platform.PlatformClient;
import io.fapiao.cli.platform.ReconcileCommand;
import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.InvoiceRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * Nothing acknowledged is lost and every service converges to the ledger after any crash. With bills
 * flowing from several concurrent hospital clients, each process of the platform in turn (the ledger
 * node, the his-adapter, the finance verifier, the issuer API; and the database server when the
 * subclass has one to kill) is killed with SIGKILL at a random moment, several times, and brought back
 * as an operator would ({@code scripts/platform.sh up}). After each restart the first bill that was in
 * flight at the kill must move on before a lease held by the dead process could have expired (the
 * time is printed), and every bill acknowledged before the kill must then reach its final state.
 * Then the load stops, the platform drains, and through the APIs and the ledger: every bill answered
 * 202 is ISSUED exactly once, in the adapter and on the ledger alike, with the same number; every
 * number is used once; every document downloads and hashes to the ledger's value; {@code fapiao
 * reconcile} finds every service agreeing with the ledger; and the stopped node's blocks and state pass
 * {@code fapiao-ledger verify}. The figures of the run (kills, bills,
 * recovery times) are printed and written to {@code target/crash-matrix-<name>.txt}.
 *
 * <p>Kills per process: {@code -Dfapiao.crash.kills} (default 2).
 */
abstract class CrashMatrixTests {
    private static final Duration LEASE = Duration.ofMinutes(5);
    /** Work held by a dead process must move again well before its lease would have expired. */
    private static final Duration RECOVERY_BOUND = LEASE.minusMinutes(1);

    private static final Duration DRAIN = Duration.ofMinutes(6);
    /** How long the issuer may take to record an issuance the ledger shows (its record waits for a killed database). */
    private static final Duration ISSUER_CATCH_UP = Duration.ofMinutes(2);

    private static final int CLIENTS = 4;
    /** About four bills a second in all: well under what two cores drain, so a backlog never hides a stall. */
    private static final Duration CLIENT_PAUSE = Duration.ofSeconds(1);

    private static final Set<String> FINAL = Set.of("ISSUED", "REJECTED", "FAILED", "CLAIMED", "REVERSED");
    private static final String RUN =
            Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    static final List<String> PROCESSES = List.of("ledger", "his-adapter", "finance-verifier", "issuer-api");

    private RunningPlatform running;

    @RegisterExtension
    final TestWatcher logsOfAFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (running != null) {
                running.keepLogs("crash matrix " + name() + " failed");
            }
        }
    };

    /** The database's name in the figures: H2, PostgreSQL. */
    abstract String name();

    /** Starts the platform on this database. */
    abstract RunningPlatform startPlatform() throws Exception;

    /** The processes outside the platform's own that this database adds to the matrix (e.g. its server). */
    List<String> databaseProcesses() {
        return List.of();
    }

    /** Kills and restarts {@code process}, one of {@link #databaseProcesses}. */
    void crashDatabase(String process) throws Exception {
        throw new UnsupportedOperationException(process);
    }

    @Test
    void everyAcknowledgedBillReachesOneFinalStateAgreedByEveryServiceAfterKillsOfEachProcess() throws Exception {
        int kills = Integer.getInteger("fapiao.crash.kills", 2);
        running = startPlatform();
        Map<String, List<Duration>> recoveries = new LinkedHashMap<>();
        Load load = new Load(running.client());
        try {
            load.start();
            List<String> matrix = new ArrayList<>(PROCESSES);
            matrix.addAll(databaseProcesses());
            for (String process : matrix) {
                for (int kill = 1; kill <= kills; kill++) {
                    // A random moment, with bills in every stage of their way.
                    Thread.sleep(2_000 + ThreadLocalRandom.current().nextLong(4_000));
                    List<String> before = load.acknowledged();
                    Map<String, String> inFlight = notFinal(running.client(), before);
                    if (databaseProcesses().contains(process)) {
                        crashDatabase(process);
                    } else {
                        running.kill(process);
                        assertThat(running.status())
                                .as("status after killing %s", process)
                                .containsPattern(process + "\\s+down");
                        Thread.sleep(ThreadLocalRandom.current().nextLong(1_500));
                        running.restart();
                    }
                    long restarted = System.nanoTime();
                    Duration moved =
                            awaitProgress(running.client(), inFlight, RECOVERY_BOUND, process + " kill " + kill);
                    awaitFinal(running.client(), before, DRAIN, process + " kill " + kill);
                    Duration converged = Duration.ofNanos(System.nanoTime() - restarted);
                    recoveries.computeIfAbsent(process, p -> new ArrayList<>()).add(moved);
                    System.out.printf(
                            "crash matrix %s: %s killed (%d of %d) with %d bills in flight; the first moved "
                                    + "again %d ms after the restart, all %d acknowledged before were final after %d ms%n",
                            name(),
                            process,
                            kill,
                            kills,
                            inFlight.size(),
                            moved.toMillis(),
                            before.size(),
                            converged.toMillis());
                }
            }
        } finally {
            load.stop();
        }

        List<String> acknowledged = load.acknowledged();
        assertThat(load.refusals()).as("valid bills refused").isEmpty();
        PlatformClient platform = running.client();
        awaitFinal(platform, acknowledged, DRAIN, "the drain");
        FapiaoLedger auditor = platform.ledger(DevelopmentConsortiumPlan.AUDITOR_MSP, "auditor1");
        Map<String, String> numbers = new LinkedHashMap<>();
        for (String billKey : acknowledged) {
            HttpResponse<byte[]> view = platform.as(ApiClients.HIS).get(platform.hisAdapter("/v1/bills/" + billKey));
            assertThat(view.statusCode())
                    .as("the adapter's view of acknowledged bill %s", billKey)
                    .isEqualTo(200);
            JsonNode status = PlatformClient.json(view.body());
            assertThat(status.get("status").stringValue())
                    .as("%s: %s", billKey, status)
                    .isEqualTo("ISSUED");
            List<String> finals = status.get("transitions")
                    .valueStream()
                    .map(t -> t.get("status").stringValue())
                    .filter(FINAL::contains)
                    .toList();
            assertThat(finals).as("the final states of %s", billKey).containsExactly("ISSUED");
            String number = status.get("invoiceNumber").stringValue();

            BillRecord onLedger = auditor.bill(BillKey.parse(billKey)).bill();
            assertThat(onLedger.state()).as("%s on the ledger", billKey).isEqualTo(BillState.ISSUED);
            assertThat(onLedger.invoiceNumber())
                    .as("%s's number on the ledger", billKey)
                    .isEqualTo(number);
            assertThat(numbers.put(number, billKey))
                    .as("number %s used twice", number)
                    .isNull();

            InvoiceRecord invoice = auditor.invoice(number);
            assertThat(invoice.billKey()).isEqualTo(billKey);
            HttpResponse<byte[]> document = issuersDocument(platform, number);
            assertThat(document.statusCode())
                    .as("the document of %s: %s", number, new String(document.body(), StandardCharsets.UTF_8))
                    .isEqualTo(200);
            assertThat(sha256(document.body())).as("the document of %s", number).isEqualTo(invoice.documentHash());
        }

        String reconciled = reconcile(platform);
        System.out.print(reconciled);

        running.stop();
        assertThat(running.verifyLedger())
                .as("fapiao-ledger verify on the stopped node")
                .contains("0 problem(s)");
        String figures = String.format(
                "crash matrix on %s: %d kills of each of %s; %d bills acknowledged (%d refused "
                        + "or unanswered while a process was down), all ISSUED once with %d distinct numbers; after "
                        + "each restart the first bill in flight moved again after (ms): %s%n",
                name(),
                kills,
                recoveries.keySet(),
                acknowledged.size(),
                load.unacknowledged(),
                numbers.size(),
                recoveries.entrySet().stream()
                        .map(e -> e.getKey() + " "
                                + e.getValue().stream()
                                        .map(d -> Long.toString(d.toMillis()))
                                        .toList())
                        .toList());
        System.out.print(figures);
        Files.writeString(Path.of("target", "crash-matrix-" + name().toLowerCase() + ".txt"), figures);
        assertThat(acknowledged).hasSizeGreaterThan(20 * kills);
    }

    /**
     * The issuer's document of {@code number}, once the issuer has recorded the issuance the ledger
     * already shows (the adapter learns of it from the ledger's event, which can come before the
     * issuer's own record commits; after a kill of the database that record waits until the database
     * is back). Waits {@link #ISSUER_CATCH_UP}, well under a lease: the issuer must converge by itself.
     */
    private static HttpResponse<byte[]> issuersDocument(PlatformClient platform, String number) throws Exception {
        long deadline = System.nanoTime() + ISSUER_CATCH_UP.toNanos();
        while (true) {
            HttpResponse<byte[]> document = platform.signedGet(
                    ApiClients.DESK, platform.issuerApi("/v1/invoices/" + number + "/document"), "application/json");
            if (document.statusCode() != 404 || System.nanoTime() > deadline) {
                return document;
            }
            Thread.sleep(500);
        }
    }

    /**
     * {@code fapiao reconcile}, as an operator runs it after a crash, until it exits 0 (every service
     * agrees with the ledger; bills whose 202 was lost with a killed process may still be settling) or
     * the drain time is up; returns what it printed.
     */
    private static String reconcile(PlatformClient platform) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (true) {
            StringWriter out = new StringWriter();
            CommandLine command = new CommandLine(new ReconcileCommand());
            command.setOut(new PrintWriter(out, true));
            command.setErr(new PrintWriter(out, true));
            int exit = command.execute(
                    "--home",
                    platform.layout().home().toString(),
                    "--port-base",
                    Integer.toString(platform.layout().portBase()));
            if (exit == 0 || System.nanoTime() > deadline) {
                assertThat(exit)
                        .as("fapiao reconcile after the crashes:%n%s", out)
                        .isZero();
                return out.toString();
            }
            Thread.sleep(2000);
        }
    }

    /** The adapter's status of each bill of {@code billKeys} that is not final yet. */
    private static Map<String, String> notFinal(PlatformClient platform, List<String> billKeys) throws Exception {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (String billKey : billKeys) {
            String status = status(platform, billKey);
            if (!FINAL.contains(status)) {
                statuses.put(billKey, status);
            }
        }
        return statuses;
    }

    /**
     * How long after the restart the first bill of {@code inFlight} (bill key to its status at the kill)
     * moved on; zero when none was in flight. Fails after {@code within}.
     */
    private static Duration awaitProgress(
            PlatformClient platform, Map<String, String> inFlight, Duration within, String what) throws Exception {
        long start = System.nanoTime();
        while (!inFlight.isEmpty()) {
            for (Map.Entry<String, String> bill : inFlight.entrySet()) {
                String now = status(platform, bill.getKey());
                if (!now.isEmpty() && !now.equals(bill.getValue())) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            }
            assertThat(System.nanoTime() - start)
                    .as(
                            "after %s, none of the %d bills in flight moved within %s "
                                    + "(a dead process's lease lasts %s)",
                            what, inFlight.size(), within, LEASE)
                    .isLessThan(within.toNanos());
            Thread.sleep(100);
        }
        return Duration.ZERO;
    }

    /** The adapter's status of a bill; empty while it cannot be asked. Fails on a 404: an acknowledged bill is never lost. */
    private static String status(PlatformClient platform, String billKey) throws Exception {
        try {
            HttpResponse<byte[]> view = platform.as(ApiClients.HIS).get(platform.hisAdapter("/v1/bills/" + billKey));
            assertThat(view.statusCode())
                    .as("acknowledged bill %s: %s", billKey, new String(view.body(), StandardCharsets.UTF_8))
                    .isNotEqualTo(404);
            return view.statusCode() == 200
                    ? PlatformClient.json(view.body()).get("status").stringValue()
                    : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until every bill in {@code billKeys} is final in the adapter (whatever that state is). */
    private static void awaitFinal(PlatformClient platform, List<String> billKeys, Duration within, String what)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> waiting = new ArrayList<>(billKeys);
        while (!waiting.isEmpty()) {
            String billKey = waiting.getLast();
            String status = status(platform, billKey);
            if (FINAL.contains(status)) {
                waiting.removeLast();
                continue;
            }
            assertThat(System.nanoTime())
                    .as(
                            "after %s, %d bills acknowledged before it are still not final, e.g. %s "
                                    + "(%s), after %s",
                            what, waiting.size(), billKey, status, within)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Hospital clients posting bills in a loop; a bill counts as acknowledged only once it was answered 202. */
    private final class Load {
        private final PlatformClient platform;
        private final AtomicBoolean running = new AtomicBoolean();
        private final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
        private final AtomicInteger unacknowledged = new AtomicInteger();
        private final AtomicLong seeds = new AtomicLong();
        private final List<Thread> clients = new ArrayList<>();

        Load(PlatformClient platform) {
            this.platform = platform;
        }

        void start() {
            running.set(true);
            List<String> hospitals = DevelopmentConsortiumPlan.hospitals();
            for (int i = 0; i < CLIENTS; i++) {
                String hospital = hospitals.get(i % hospitals.size());
                clients.add(Thread.ofPlatform().name("crash-client-" + i).start(() -> post(hospital)));
            }
        }

        private void post(String hospital) {
            while (running.get()) {
                long seed = seeds.incrementAndGet();
                // Under the registered name: the adapter and the verifier refuse a bill under any other.
                Bill bill = DevelopmentConsortiumPlan.asRegistered(SampleBills.outpatient(seed, hospital)
                        .reissued(
                                "CRASH-" + name() + "-" + RUN + "-" + seed,
                                OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(1)));
                try {
                    HttpResponse<byte[]> answer = platform.as(ApiClients.HIS)
                            .send(
                                    "POST",
                                    platform.hisAdapter("/v1/bills"),
                                    Map.of(
                                            "Content-Type",
                                            "application/json",
                                            "Idempotency-Key",
                                            UUID.randomUUID().toString()),
                                    bill.toCanonicalJson());
                    if (answer.statusCode() == 202) {
                        acknowledged.add(PlatformClient.json(answer.body())
                                .get("billKey")
                                .stringValue());
                    } else if (answer.statusCode() >= 500) {
                        unacknowledged.incrementAndGet();
                    } else {
                        // A valid bill refused as the client's fault is a failure of the platform, not of the crash.
                        refusals.add(answer.statusCode() + " " + new String(answer.body(), StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // Unanswered (the adapter is down or was killed mid-request): not acknowledged.
                    unacknowledged.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Thread.sleep(CLIENT_PAUSE);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        List<String> acknowledged() {
            return List.copyOf(acknowledged);
        }

        int unacknowledged() {
            return unacknowledged.get();
        }

        List<String> refusals() {
            return List.copyOf(refusals);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(TimeUnit.MINUTES.toMillis(1));
            }
        }
    }
}
