package io.fapiao.bench.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's harness end to end at tiny scale: real node, TLS, governance, SubmitBill. No timing assertions. */
class LedgerBenchTest {

    @TempDir
    Path dir;

    @Test
    void twoClientsCommitBillsAndTheReportHasEveryColumn() throws Exception {
        LedgerBench.Options options = LedgerBench.Options.parse("--clients", "2", "--seconds", "2", "--warmup", "1",
                "--data", dir.resolve("data").toString(), "--primitive-millis", "50");

        ThroughputReport report = LedgerBench.run(options, "test");

        assertThat(report.runs()).hasSize(1);
        RunFigures run = report.runs().get(0);
        assertThat(run.clients()).isEqualTo(2);
        assertThat(run.committed()).isPositive();
        assertThat(run.failed()).isZero();
        assertThat(run.blocks()).isPositive();
        assertThat(run.maxMicros()).isGreaterThanOrEqualTo(run.p99Micros()).isGreaterThanOrEqualTo(run.p50Micros());
        assertThat(report.ceiling().steps()).hasSize(11)
                .allSatisfy(step -> assertThat(step.opsPerSecond()).isPositive());
        assertThat(report.ceiling().transactionsPerSecond(run.transactionsPerBlock())).isPositive();
        assertThat(report.shape().envelopeBytes()).isGreaterThan(report.sealedBillBytes());

        String markdown = report.markdown();
        String header = markdown.lines().filter(l -> l.startsWith("| clients")).findFirst().orElseThrow();
        assertThat(header).contains(ThroughputReport.COLUMNS);
        String row = markdown.lines().filter(l -> l.startsWith("| 2 |")).findFirst().orElseThrow();
        assertThat(row.split("\\|")).hasSize(ThroughputReport.COLUMNS.size() + 1);
        assertThat(markdown).contains("**total**", "Ceiling = ");
    }

    @Test
    void refusesADataDirectoryThatIsNotEmpty() throws Exception {
        Files.writeString(dir.resolve("something"), "x");
        LedgerBench.Options options = new LedgerBench.Options(List.of(1), Duration.ofSeconds(1), Duration.ZERO, dir,
                Duration.ofMillis(10), null);

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
        assertThatThrownBy(() -> LedgerBench.Options.parse("--threads", "4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --threads");
    }
}
