package io.fapiao.bench.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.bench.ledger.CryptoCeiling.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty bills through a real platform — the embedded ledger node and the three services started by
 * {@code scripts/platform.sh} from their built jars (the reactor builds them first: the bench's pom
 * depends on the service modules) — in an open-loop run of 4 bills per second for 5 seconds. Every
 * bill must end ISSUED with its stages in order, and the report must carry the ceiling, the
 * processes and the storage. No timing is asserted.
 */
class LifecycleBenchIT {

    @TempDir
    Path dir;

    @Test
    void twentyBillsGoFromTheHisAdapterToAnIssuedInvoice() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent(); // Failsafe runs in bench/
        LifecycleBench.Options options = LifecycleBench.Options.parse(
                "--clients",
                "none",
                "--rate",
                "4",
                "--warmup",
                "0",
                "--seconds",
                "5",
                "--drain",
                "90",
                "--hospitals",
                "4",
                "--home",
                dir.resolve("platform").toString(),
                "--port-base",
                "37000",
                "--root",
                root.toString(),
                "--results",
                dir.resolve("results").toString(),
                "--primitive-millis",
                "50");

        LifecycleReport report = LifecycleBench.run(options, "test").reports().get(0);

        assertThat(report.runs()).hasSize(1);
        LifecycleRun run = report.runs().get(0);
        assertThat(run.sent()).isEqualTo(20);
        assertThat(run.refused())
                .as("refused by the his-adapter: %s", run.failures())
                .isZero();
        assertThat(run.rejected())
                .as("rejected by the bureau: %s", run.failures())
                .isZero();
        assertThat(run.issued()).as("issued; unfinished %d", run.unfinished()).isEqualTo(20);
        for (Stage stage : Stage.values()) {
            assertThat(run.latency(stage).count()).as(stage.label()).isEqualTo(20);
        }
        assertThat(run.latency(Stage.ACCEPTED).p50Micros())
                .isLessThanOrEqualTo(run.latency(Stage.COMMITTED).p50Micros());
        assertThat(run.latency(Stage.COMMITTED).p50Micros())
                .isLessThanOrEqualTo(run.latency(Stage.VERIFIED).p50Micros());
        assertThat(run.latency(Stage.VERIFIED).p50Micros())
                .isLessThanOrEqualTo(run.latency(Stage.ISSUED).p50Micros());
        assertThat(run.resources().processes())
                .extracting(ResourceFigures.Process::name)
                .contains("ledger", "his-adapter", "finance-verifier", "issuer-api", "generator");

        LifecycleCeiling ceiling = report.ceiling().orElseThrow();
        assertThat(ceiling.steps()).allSatisfy(s -> assertThat(s.opsPerSecond()).isPositive());
        assertThat(ceiling.steps())
                .extracting(Step::what)
                .anySatisfy(w -> assertThat(w).startsWith("SubmitBill: "))
                .anySatisfy(w -> assertThat(w).startsWith("RecordVerification: "))
                .anySatisfy(w -> assertThat(w).startsWith("IssueInvoice: "));
        assertThat(ceiling.operationsPerLifecycle()).isGreaterThan(50);
        assertThat(report.storage().issuedBills()).isEqualTo(20);
        assertThat(report.storage().growthPerBill()).isPositive();
        assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("says ISSUED for 10 of 10"));
        assertThat(report.markdown()).contains("| open 4.0/s | 20 | 20 | 20 | 0 | 0 | 0 |");

        // The bench stopped the platform it started: no pid file names a live process.
        Path pidFiles = dir.resolve("platform").resolve("run");
        if (Files.isDirectory(pidFiles)) {
            try (var pids = Files.list(pidFiles)) {
                for (Path pid : pids.toList()) {
                    long number = Long.parseLong(Files.readString(pid).trim());
                    assertThat(ProcessHandle.of(number).filter(ProcessHandle::isAlive))
                            .as(pid.toString())
                            .isEmpty();
                }
            }
        }
    }
}
