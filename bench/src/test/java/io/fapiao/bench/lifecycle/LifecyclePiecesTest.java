package io.fapiao.bench.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.bench.ledger.CryptoCeiling.Step;
import io.fapiao.protocol.bill.Bill;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's pieces without a platform: bills, traces and their figures, ceiling arithmetic, /proc parsing, the report. */
class LifecyclePiecesTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void billsAreValidNewAndIssuedNowInTurnFromThePlanHospitals() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T04:00:30Z"), ZoneOffset.UTC);
        List<String> hospitals = HospitalBills.planHospitals(3);
        HospitalBills bills = HospitalBills.of(hospitals, clock);

        List<String> keys = new ArrayList<>();
        List<String> issuers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HospitalBills.Next next = bills.next();
            Bill bill = Bill.parse(next.json()); // valid, or this throws
            assertThat(next.billKey()).isEqualTo(bill.issuerId() + ":" + bill.billId());
            assertThat(OffsetDateTime.parse(bill.issuedAt()).toInstant())
                    .isEqualTo(Instant.parse("2026-11-21T04:00:30Z"));
            assertThat(bill.issuedAt()).endsWith("+08:00");
            keys.add(next.billKey());
            issuers.add(bill.issuerId());
        }
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(issuers.subList(0, 3)).containsExactlyInAnyOrderElementsOf(hospitals);
        assertThat(issuers.subList(3, 6)).isEqualTo(issuers.subList(0, 3));
        assertThatThrownBy(() -> HospitalBills.planHospitals(5)).hasMessageContaining("1 to 4");
    }

    @Test
    void figuresCountOnlyTheWindowsBillsAndIssuedInsideIt() {
        long w0 = 10 * SECOND;
        long w1 = 20 * SECOND;
        Traces traces = new Traces();
        // Warm-up bill issued inside the window: counts for throughput, not for latency.
        BillTrace warm = traces.start("A:1", 9 * SECOND);
        stamp(warm, 9 * SECOND, 100, 200, 300, 1_200);
        // Two window bills issued, one rejected, one refused, one still in flight.
        stamp(traces.start("A:2", 11 * SECOND), 11 * SECOND, 10, 100, 200, 400);
        stamp(traces.start("A:3", 12 * SECOND), 12 * SECOND, 20, 200, 400, 800);
        BillTrace rejected = traces.start("A:4", 13 * SECOND);
        rejected.reached(Stage.ACCEPTED, 13 * SECOND + ms(10));
        rejected.failed("verified", "REJECTED NOT_QUALIFIED");
        traces.start("A:5", 14 * SECOND).failed("accepted", "422 UNKNOWN_SUBMITTER");
        traces.start("A:6", 19 * SECOND).reached(Stage.ACCEPTED, 19 * SECOND + ms(5));
        // Sent in the window but issued after it: latency counts, throughput does not.
        stamp(traces.start("A:7", 19 * SECOND + ms(500)), 19 * SECOND + ms(500), 5, 50, 100, 900);

        LifecycleRun run =
                LifecycleLoad.summarize("open", 0, 0.6, w0, w1, traces.all(), new ResourceFigures(2, 0.5, List.of()));

        assertThat(run.sent()).isEqualTo(6);
        assertThat(run.accepted()).isEqualTo(5);
        assertThat(run.refused()).isEqualTo(1);
        assertThat(run.rejected()).isEqualTo(1);
        assertThat(run.issued()).isEqualTo(3);
        assertThat(run.unfinished()).isEqualTo(1);
        assertThat(run.issuedPerSecond()).isEqualTo(3 / 10.0); // A:1, A:2, A:3 issued inside [10 s, 20 s)
        Latency issued = run.latency(Stage.ISSUED);
        assertThat(issued.count()).isEqualTo(3);
        assertThat(issued.p50Micros()).isBetween(799_000L, 801_000L);
        assertThat(issued.maxMicros()).isBetween(899_000L, 901_000L);
        assertThat(run.latency(Stage.ACCEPTED).count()).isEqualTo(5);
        assertThat(run.failures())
                .hasSize(2)
                .anySatisfy(f -> assertThat(f).contains("NOT_QUALIFIED"))
                .anySatisfy(f -> assertThat(f).contains("UNKNOWN_SUBMITTER"));
    }

    @Test
    void aTraceKeepsTheFirstSightingAndCompletesOnIssueOrFailure() {
        BillTrace trace = new BillTrace("A:1", 0);
        trace.reached(Stage.COMMITTED, 5_000);
        trace.reached(Stage.COMMITTED, 9_000);
        assertThat(trace.micros(Stage.COMMITTED)).isEqualTo(5);
        assertThat(trace.micros(Stage.VERIFIED)).isEqualTo(-1);
        assertThat(trace.done()).isNotDone();
        trace.reached(Stage.ISSUED, 7_000);
        assertThat(trace.done()).isCompleted();

        Traces traces = new Traces();
        traces.start("B:1", 0);
        assertThatThrownBy(() -> traces.start("B:1", 1)).hasMessageContaining("already sent");
        assertThat(traces.find("C:1")).isEmpty();
        assertThat(traces.foreignEvents()).isEqualTo(1);
    }

    @Test
    void ceilingIsCoresOverTheSumOfCoreTime() {
        // 2 cores; 4 ops at 20,000/s (all cores) = 4 × 100 core-µs; 1 op at 10,000/s = 200 core-µs.
        LifecycleCeiling ceiling = LifecycleCeiling.of(
                2, List.of(new Step("sign", "p", 32, 4, 20_000), new Step("verify", "q", 32, 1, 10_000)));
        assertThat(ceiling.coreMicrosPerLifecycle()).isEqualTo(600.0);
        assertThat(ceiling.lifecyclesPerSecond()).isCloseTo(2e6 / 600, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ceiling.operationsPerLifecycle()).isEqualTo(5.0);
        assertThatThrownBy(() -> LifecycleCeiling.of(2, List.of(new Step("block", "p", 1, Double.NaN, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void procParsingReadsCpuTicksAndRss() {
        long[] start = ResourceSampler.parseCpuLine("cpu  100 0 100 700 100 0 0 0 0 0");
        long[] end = ResourceSampler.parseCpuLine("cpu  250 0 150 900 100 0 0 0 0 0");
        assertThat(ResourceSampler.busyShare(start, end)).isEqualTo(200 / 400.0);
        // The command name may hold spaces and parentheses; utime is field 14, stime field 15.
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 1 2 3 4 1500 250 0 0 20 0 30 0 5 6 7";
        assertThat(ResourceSampler.parseProcessTicks(stat)).isEqualTo(1750);
        assertThat(ResourceSampler.parseRss("Name:\tjava\nVmRSS:\t  204800 kB\nVmSwap:\t0 kB\n"))
                .isEqualTo(OptionalLong.of(204800L * 1024));
        assertThat(ResourceSampler.cpuTicks(ProcessHandle.current().pid())).isPositive();
        assertThat(ResourceSampler.rssBytes(ProcessHandle.current().pid())).isPresent();
    }

    @Test
    void reportHasEveryColumnTheCeilingAndTheTargets() throws Exception {
        Traces traces = new Traces();
        for (int i = 0; i < 20; i++) {
            long due = 11 * SECOND + i * ms(100);
            stamp(traces.start("A:" + i, due), due, 5, 40, 90, 300 + i);
        }
        ResourceFigures resources = new ResourceFigures(
                2,
                0.9,
                List.of(
                        new ResourceFigures.Process("ledger", 1, 0.8, 300L << 20, 290L << 20, -1, -1),
                        new ResourceFigures.Process(
                                "his-adapter", 2, 0.3, 400L << 20, 390L << 20, 200L << 20, 150L << 20)));
        LifecycleRun closed =
                LifecycleLoad.summarize("closed", 16, 0, 10 * SECOND, 20 * SECOND, traces.all(), resources);
        LifecycleRun open = LifecycleLoad.summarize("open", 0, 1.0, 10 * SECOND, 20 * SECOND, traces.all(), resources);
        LifecycleCeiling ceiling = LifecycleCeiling.of(2, List.of(new Step("sign", "p", 32, 10, 20_000)));
        StorageFigures storage = new StorageFigures(List.of(new StorageFigures.Entry("ledger", 1000, 41_000)), 20);

        LifecycleReport report = new LifecycleReport(
                "embedded",
                "test",
                "machine",
                "platform",
                "load",
                List.of(closed, open),
                Optional.of(ceiling),
                storage,
                List.of("a note"));
        String markdown = report.markdown();

        String header = markdown.lines()
                .filter(l -> l.startsWith("| run | sent"))
                .findFirst()
                .orElseThrow();
        assertThat(header).contains(LifecycleReport.COLUMNS);
        String row = markdown.lines()
                .filter(l -> l.startsWith("| closed 16 clients | 20 |"))
                .findFirst()
                .orElseThrow();
        assertThat(row.split("\\|")).hasSize(LifecycleReport.COLUMNS.size() + 1);
        assertThat(markdown)
                .contains(
                        "| closed 16 clients | issued | 20 |",
                        "Ceiling = 2 cores × 10⁶ ÷ 1000.0 core-µs",
                        "| ledger | 1000 | 41000 | 40000 | 2000 |",
                        "- a note");
        // 2.0 lifecycles/s of a 2000/s ceiling: 0.1%, target missed; the open run at 1.0/s is half of 2.0/s.
        assertThat(markdown)
                .contains("| lifecycles at saturation ≥ 50% of the crypto ceiling | 2.0 lifecycles/s"
                        + " (closed 16 clients) = 0.1% of 2000.0 | no |");
        assertThat(markdown)
                .containsPattern("\\| p99 lifecycle latency < 1 s at half the saturation rate \\| 319\\.\\d ms"
                        + " p99 at open 1\\.0/s .*\\| yes \\|");
        assertThat(markdown).contains("| steady heap < 1 GiB | largest service heap in use 200 MiB");

        LifecycleReport fabric = new LifecycleReport(
                "Fabric",
                "test",
                "machine",
                "platform",
                "load",
                List.of(closed, open),
                Optional.empty(),
                storage,
                List.of());
        String both = new LifecycleComparison(List.of(report, fabric)).markdown();
        assertThat(both)
                .contains(
                        "#### embedded",
                        "#### Fabric",
                        "#### Side by side",
                        "| run | embedded lifecycles/s | embedded p99 issued ms | embedded core-ms per lifecycle | Fabric lifecycles/s"
                                + " | Fabric p99 issued ms | Fabric core-ms per lifecycle | Fabric ÷ embedded |");
        // 1.1 cores over 2.0 lifecycles/s: 550 core-ms each; the same loads, so 100%.
        assertThat(both).contains("| closed 16 clients | 2.0 | ", " | 550.0 | 2.0 | ", " | 100.0% |");
        assertThat(new LifecycleComparison(List.of(report)).markdown()).isEqualTo(markdown);

        Path file = LifecycleBench.save(dir.resolve("bench-results"), markdown);
        LifecycleBench.save(dir.resolve("bench-results"), markdown);
        assertThat(Files.readString(file)).contains("## Lifecycle bench, ").hasSizeGreaterThan(2 * markdown.length());
        assertThat(ProgressBar.line("closed 16", 5, 20, "issued 3"))
                .startsWith("closed 16 [########.......")
                .contains("  5.0/20 s  issued 3");
    }

    @Test
    void optionsHaveTheDocumentedDefaultsAndRefuseNonsense() {
        LifecycleBench.Options defaults = LifecycleBench.Options.parse();
        assertThat(defaults.clients()).containsExactly(8, 32);
        assertThat(defaults.halfRate()).isTrue();
        assertThat(defaults.window().toSeconds()).isEqualTo(30);
        assertThat(defaults.portBase()).isEqualTo(17000);
        assertThat(defaults.attach()).isNull();
        LifecycleBench.Options open = LifecycleBench.Options.parse("--clients", "none", "--rate", "5,10");
        assertThat(open.clients()).isEmpty();
        assertThat(open.rates()).containsExactly(5.0, 10.0);
        assertThat(open.halfRate()).isFalse();
        assertThat(defaults.ledgers()).containsExactly(LifecycleBench.LedgerKind.EMBEDDED);
        LifecycleBench.Options both = LifecycleBench.Options.parse(
                "--fabric", "--network", "/tmp/n", "--network-port-base", "21000", "--port-base", "31000");
        assertThat(both.ledgers())
                .containsExactly(LifecycleBench.LedgerKind.EMBEDDED, LifecycleBench.LedgerKind.FABRIC);
        assertThat(both.network()).isEqualTo(Path.of("/tmp/n"));
        assertThat(both.networkPortBase()).isEqualTo(21000);
        assertThat(both.portBase()).isEqualTo(31000);
        assertThat(LifecycleBench.Options.parse("--ledger", "fabric").ledgers())
                .containsExactly(LifecycleBench.LedgerKind.FABRIC);
        assertThatThrownBy(() -> LifecycleBench.Options.parse("--threads", "4")).hasMessageContaining("Unknown option");
        assertThatThrownBy(() -> LifecycleBench.Options.parse("--url", "http://x"))
                .hasMessageContaining("--attach");
        assertThatThrownBy(() -> LifecycleBench.Options.parse("--clients", "none", "--rate", "half"))
                .hasMessageContaining("nothing to run");
    }

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    /** Stamps accepted, committed, verified and issued at the given milliseconds after {@code due}. */
    private static void stamp(BillTrace trace, long due, long accepted, long committed, long verified, long issued) {
        trace.reached(Stage.ACCEPTED, due + ms(accepted));
        trace.reached(Stage.COMMITTED, due + ms(committed));
        trace.reached(Stage.VERIFIED, due + ms(verified));
        trace.reached(Stage.ISSUED, due + ms(issued));
    }
}
