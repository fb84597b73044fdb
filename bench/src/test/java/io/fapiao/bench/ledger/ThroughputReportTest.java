package io.fapiao.bench.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.bench.lifecycle.ResourceFigures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The side-by-side table and the targets, from figures made up for the purpose. */
class ThroughputReportTest {

    private static final TransactionShape SHAPE = new TransactionShape(1000, 3000, 1000, 500, 1000);

    @Test
    void setsTheWorkloadsAndTheLedgersSideBySideWithTheirRatios() {
        ThroughputReport report = new ThroughputReport(
                "cmd",
                "machine",
                3700,
                List.of(
                        ledger(
                                "embedded",
                                run(Workload.SUBMIT_BILL, 8, 800, 1.9),
                                run(Workload.PUT_STATE, 8, 1000, 1.9)),
                        ledger("Fabric", run(Workload.SUBMIT_BILL, 8, 90, 2.0), run(Workload.PUT_STATE, 8, 100, 2.0))));

        String markdown = report.markdown();

        assertThat(markdown)
                .contains("| clients | embedded SubmitBill | embedded PutState | embedded SubmitBill ÷ PutState"
                        + " | Fabric SubmitBill | Fabric PutState | Fabric SubmitBill ÷ PutState | Fabric ÷ embedded SubmitBill"
                        + " | Fabric ÷ embedded PutState |");
        assertThat(markdown).contains("| 8 | 800.0 | 1000.0 | 80.0% | 90.0 | 100.0 | 90.0% | 11.3% | 10.0% |");
        assertThat(markdown)
                .contains("| SubmitBill ≥ 80% of bare put-state on Fabric | best SubmitBill 90.0 tx/s"
                        + " (8 clients) ÷ best PutState 100.0 tx/s (8 clients) = 90.0% | yes |");
        // 100 tx/s on 2 cores = 50 per core, under Hyperledger's 73.7.
        assertThat(markdown)
                .contains("100.0 tx/s ÷ 2 cores = 50.0 per core of the machine; 50.0 per core the network"
                        + " and clients used (2.00) | no |");
        // CPU per transaction: 1.0 core of "peer hospital" at 100 tx/s is 10 core-ms each.
        assertThat(markdown).contains("| PutState | 8 | 10.00 | 10.00 | 20.00 |");
    }

    private static ThroughputReport.LedgerFigures ledger(String name, RunFigures bill, RunFigures floor) {
        return new ThroughputReport.LedgerFigures(
                name,
                name + " as set up",
                List.of(
                        new ThroughputReport.WorkloadFigures(
                                Workload.SUBMIT_BILL, SHAPE, Optional.empty(), List.of(bill)),
                        new ThroughputReport.WorkloadFigures(
                                Workload.PUT_STATE, SHAPE, Optional.empty(), List.of(floor))));
    }

    private static RunFigures run(Workload workload, int clients, double tps, double cores) {
        ResourceFigures resources = new ResourceFigures(
                2,
                0.99,
                List.of(
                        new ResourceFigures.Process("peer hospital", 1, cores / 2, 0, 0, -1, -1),
                        new ResourceFigures.Process("bench (clients)", 2, cores / 2, 0, 0, -1, -1)));
        return new RunFigures(
                workload,
                clients,
                (long) (tps * 10),
                0,
                10,
                1000,
                2000,
                3000,
                10,
                false,
                Optional.of(resources),
                "1.00",
                "1.10");
    }
}
