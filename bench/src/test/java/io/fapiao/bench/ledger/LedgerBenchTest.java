package io.fapiao.bench.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's harness end to end at tiny scale: real node, TLS, governance, SubmitBill and the
 * put-state floor. No timing assertions.
 */
class LedgerBenchTest {

    @TempDir
    Path dir;

    @Test
    void twoClientsCommitBothWorkloadsAndTheReportHasEveryColumn() throws Exception {
        LedgerBench.Options options = LedgerBench.Options.parse(
                "--clients",
                "2",
                "--seconds",
                "2",
                "--warmup",
                "1",
                "--data",
                dir.resolve("data").toString(),
                "--primitive-millis",
                "50");

        ThroughputReport report = LedgerBench.run(options, "test");

        assertThat(report.ledgers()).hasSize(1);
        ThroughputReport.LedgerFigures embedded = report.ledgers().get(0);
        assertThat(embedded.workloads())
                .extracting(ThroughputReport.WorkloadFigures::workload)
                .containsExactly(Workload.SUBMIT_BILL, Workload.PUT_STATE);
        for (ThroughputReport.WorkloadFigures w : embedded.workloads()) {
            assertThat(w.runs()).hasSize(1);
            RunFigures run = w.runs().get(0);
            assertThat(run.clients()).isEqualTo(2);
            assertThat(run.committed()).isPositive();
            assertThat(run.failed()).isZero();
            assertThat(run.blocks()).isPositive();
            assertThat(run.maxMicros()).isGreaterThanOrEqualTo(run.p99Micros()).isGreaterThanOrEqualTo(run.p50Micros());
            assertThat(run.resources()).isPresent();
            assertThat(run.ledgerCores()).isPositive();
            CryptoCeiling ceiling = w.ceiling().orElseThrow();
            assertThat(ceiling.steps())
                    .hasSize(w.workload() == Workload.SUBMIT_BILL ? 11 : 10)
                    .allSatisfy(step -> assertThat(step.opsPerSecond()).isPositive());
            assertThat(ceiling.transactionsPerSecond(run.transactionsPerBlock()))
                    .isPositive();
        }
        assertThat(embedded.workloads().get(0).shape().envelopeBytes()).isGreaterThan(report.sealedBillBytes());

        String markdown = report.markdown();
        String header = markdown.lines()
                .filter(l -> l.startsWith("| transaction | clients | committed"))
                .findFirst()
                .orElseThrow();
        assertThat(header).contains(ThroughputReport.COLUMNS);
        String row = markdown.lines()
                .filter(l -> l.startsWith("| PutState | 2 |"))
                .findFirst()
                .orElseThrow();
        assertThat(row.split("\\|")).hasSize(ThroughputReport.COLUMNS.size() + 1);
        assertThat(markdown).contains("**total**", "Ceiling = ", "#### Side by side", "embedded SubmitBill ÷ PutState");
    }

    @Test
    void refusesADataDirectoryThatIsNotEmpty() throws Exception {
        Files.writeString(dir.resolve("something"), "x");
        LedgerBench.Options options = new LedgerBench.Options(
                List.of(1), Duration.ofSeconds(1), Duration.ZERO, dir, Duration.ofMillis(10), null);

        assertThatThrownBy(() -> LedgerBench.run(options, "test"))
                .isInstanceOf(BenchSetupFailed.class)
                .hasMessageContaining("not empty");
    }

    @Test
    void optionsHaveTheDocumentedDefaultsAndRefuseUnknownOnes() {
        LedgerBench.Options defaults = LedgerBench.Options.parse();
        assertThat(defaults.clients()).containsExactly(1, 8, 64);
        assertThat(defaults.window()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.ledgers()).containsExactly(LedgerBench.LedgerKind.EMBEDDED);
        assertThat(defaults.workloads()).containsExactly(Workload.SUBMIT_BILL, Workload.PUT_STATE);
        assertThat(defaults.portBase()).isEqualTo(21000);
        assertThat(defaults.gateways()).isEqualTo(FabricNetwork.Gateways.HOSPITAL);

        LedgerBench.Options both = LedgerBench.Options.parse(
                "--fabric", "--transactions", "putstate", "--gateways", "all", "--network", "/tmp/n");
        assertThat(both.ledgers()).containsExactly(LedgerBench.LedgerKind.EMBEDDED, LedgerBench.LedgerKind.FABRIC);
        assertThat(both.workloads()).containsExactly(Workload.PUT_STATE);
        assertThat(both.gateways()).isEqualTo(FabricNetwork.Gateways.ALL);
        assertThat(LedgerBench.Options.parse("--ledger", "fabric").ledgers())
                .containsExactly(LedgerBench.LedgerKind.FABRIC);

        assertThatThrownBy(() -> LedgerBench.Options.parse("--threads", "4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown options: '--threads'");
        assertThatThrownBy(() -> LedgerBench.Options.parse("--transactions", "Transfer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no transaction Transfer");
        assertThatThrownBy(() -> LedgerBench.Options.parse("--clients", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }

    @Test
    void fabricProcessesGetShortNames() {
        assertThat(FabricNetwork.shortName("orderer0.hospital.fapiao.local")).isEqualTo("orderer hospital");
        assertThat(FabricNetwork.shortName("peer0.auditor.fapiao.local")).isEqualTo("peer auditor");
        assertThat(FabricNetwork.shortName("chaincode")).isEqualTo("fapiao cc");
    }
}
