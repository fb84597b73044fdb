package io.fapiao.bench.ledger;

import java.util.List;
import java.util.Locale;

/**
 * The bench's output: Markdown ready to paste into docs/benchmarks.md, one throughput row per client
 * count with its ratio to the signature ceiling, then the signature count behind that ceiling.
 *
 * <pre>{@code
 * System.out.print(new ThroughputReport(command, machine, settings, shape, ceiling, runs).markdown());
 * }</pre>
 */
public record ThroughputReport(String command, String machine, String node, int sealedBillBytes,
        TransactionShape shape, CryptoCeiling ceiling, List<RunFigures> runs) {

    /** The throughput table's header; a test checks every column is present. */
    public static final List<String> COLUMNS = List.of("clients", "committed tx/s", "p50 ms", "p99 ms", "max ms",
            "blocks", "tx/block", "failed", "signature ceiling tx/s", "achieved ÷ ceiling");

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("**Command:** `").append(command).append("`\n\n");
        out.append("**Machine:** ").append(machine).append("\n\n");
        out.append("**Node:** ").append(node).append("; sealed bill ").append(sealedBillBytes)
                .append(" B of JSON.\n\n");
        out.append(row(COLUMNS)).append(separator(COLUMNS.size()));
        for (RunFigures run : runs) {
            double bound = ceiling.transactionsPerSecond(run.transactionsPerBlock());
            out.append(row(List.of(
                    Integer.toString(run.clients()),
                    f1(run.throughput()) + (run.ranDry() ? " (bills ran out)" : ""),
                    ms(run.p50Micros()), ms(run.p99Micros()), ms(run.maxMicros()),
                    Long.toString(run.blocks()), f1(run.transactionsPerBlock()), Long.toString(run.failed()),
                    f1(bound), String.format(Locale.ROOT, "%.1f%%", 100 * run.throughput() / bound))));
        }
        double perBlock = runs.isEmpty() ? 1 : runs.get(runs.size() - 1).transactionsPerBlock();
        out.append("\nSignature work per committed SubmitBill, rates measured in this run with all ")
                .append(ceiling.cores()).append(" cores (block signature shared by ")
                .append(f1(perBlock)).append(" tx, as in the last run):\n\n");
        List<String> header = List.of("step", "primitive", "message B", "per tx", "ops/s (all cores)",
                "core-µs per tx");
        out.append(row(header)).append(separator(header.size()));
        for (CryptoCeiling.Step step : ceiling.steps(perBlock)) {
            out.append(row(List.of(step.what(), step.primitive(), Integer.toString(step.messageBytes()),
                    step.perTransaction() == 1 ? "1" : String.format(Locale.ROOT, "%.3f", step.perTransaction()),
                    f1(step.opsPerSecond()),
                    f1(step.perTransaction() * ceiling.cores() * 1e6 / step.opsPerSecond()))));
        }
        out.append(row(List.of("**total**", "", "", "", "", f1(ceiling.coreMicrosPerTransaction(perBlock)))))
                .append("\nCeiling = ").append(ceiling.cores()).append(" cores × 10⁶ ÷ ")
                .append(f1(ceiling.coreMicrosPerTransaction(perBlock))).append(" core-µs = ")
                .append(f1(ceiling.transactionsPerSecond(perBlock))).append(" tx/s. Message sizes from a committed"
                        + " transaction: proposal ").append(shape.proposalBytes()).append(" B, envelope ")
                .append(shape.envelopeBytes()).append(" B, endorsement ").append(shape.endorsementBytes())
                .append(" B.\n");
        return out.toString();
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String separator(int columns) {
        return "|---".repeat(columns) + "|\n";
    }

    private static String f1(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
