package io.fapiao.bench.ledger;

import io.fapiao.bench.lifecycle.ResourceFigures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger bench's output: Markdown ready to paste into docs/benchmarks.md. Per ledger, one
 * throughput row per workload and client count (with the CPU its processes used and, on the embedded
 * node, the ratio to the signature ceiling), the CPU of each process, and the signature count behind
 * each ceiling; then the ledgers and workloads side by side with their ratios, and the targets.
 *
 * <pre>{@code
 * System.out.print(new ThroughputReport(command, machine, billBytes, List.of(embedded, fabric)).markdown());
 * }</pre>
 *
 * @param command         the command line
 * @param machine         cores, memory, OS, JVM, date, load average
 * @param sealedBillBytes the size of one sealed bill's JSON (SubmitBill's argument)
 * @param ledgers         the figures of each ledger, in the order measured
 */
public record ThroughputReport(String command, String machine, int sealedBillBytes, List<LedgerFigures> ledgers) {

    /** Hyperledger's published Fabric 2.5 blind-write figure: 2,947 tx/s on a 40-core machine. */
    static final double FABRIC_PUBLISHED_PER_CORE = 2947.0 / 40;

    /** The throughput table's header; a test checks every column is present. */
    public static final List<String> COLUMNS = List.of(
            "transaction",
            "clients",
            "committed tx/s",
            "p50 ms",
            "p99 ms",
            "max ms",
            "blocks",
            "tx/block",
            "failed",
            "ledger CPU cores",
            "tx/s per core used",
            "machine CPU",
            "load 1 min",
            "signature ceiling tx/s",
            "achieved ÷ ceiling");

    /**
     * What one ledger measured.
     *
     * @param name        {@code embedded} or {@code Fabric}
     * @param description what ran and how (LedgerUnderTest#description)
     * @param workloads   per workload, in the order measured
     */
    public record LedgerFigures(String name, String description, List<WorkloadFigures> workloads) {

        /** The runs of {@code workload}, if it was measured. */
        Optional<WorkloadFigures> of(Workload workload) {
            return workloads.stream().filter(w -> w.workload() == workload).findFirst();
        }
    }

    /**
     * One workload on one ledger.
     *
     * @param workload what each transaction did
     * @param shape    the sizes of one committed transaction's signed messages
     * @param ceiling  the signature ceiling, where the bench counts it (the embedded node)
     * @param runs     one per client count
     */
    public record WorkloadFigures(
            Workload workload, TransactionShape shape, Optional<CryptoCeiling> ceiling, List<RunFigures> runs) {

        Optional<RunFigures> at(int clients) {
            return runs.stream().filter(r -> r.clients() == clients).findFirst();
        }

        Optional<RunFigures> best() {
            return runs.stream().max(Comparator.comparingDouble(RunFigures::throughput));
        }
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("**Command:** `").append(command).append("`\n\n");
        out.append("**Machine:** ").append(machine).append("\n\n");
        out.append("SubmitBill's argument: one sealed outpatient bill, ")
                .append(sealedBillBytes)
                .append(" B of JSON; PutState's: a 64-character value.\n");
        for (LedgerFigures ledger : ledgers) {
            appendLedger(out, ledger);
        }
        appendSideBySide(out);
        appendTargets(out);
        return out.toString();
    }

    private static void appendLedger(StringBuilder out, LedgerFigures ledger) {
        out.append("\n#### ")
                .append(ledger.name())
                .append("\n\n")
                .append(ledger.description())
                .append(".\n\n");
        out.append(row(COLUMNS)).append(separator(COLUMNS.size()));
        for (WorkloadFigures w : ledger.workloads()) {
            for (RunFigures run : w.runs()) {
                Optional<Double> bound = w.ceiling().map(c -> c.transactionsPerSecond(run.transactionsPerBlock()));
                out.append(row(List.of(
                        w.workload().label(),
                        Integer.toString(run.clients()),
                        f1(run.throughput()) + (run.ranDry() ? " (ran out)" : ""),
                        ms(run.p50Micros()),
                        ms(run.p99Micros()),
                        ms(run.maxMicros()),
                        Long.toString(run.blocks()),
                        f1(run.transactionsPerBlock()),
                        Long.toString(run.failed()),
                        f2(run.ledgerCores()),
                        f1(run.throughputPerCoreUsed()),
                        run.resources().map(r -> percent(r.machineBusy())).orElse("–"),
                        run.loadBefore() + " → " + run.loadAfter(),
                        bound.map(ThroughputReport::f1).orElse("–"),
                        bound.map(b -> percent(run.throughput() / b)).orElse("–"))));
            }
        }
        appendProcesses(out, ledger);
        for (WorkloadFigures w : ledger.workloads()) {
            w.ceiling().ifPresent(c -> appendCeiling(out, w, c));
        }
    }

    /** CPU per process, one column each (only where the ledger has more than one process). */
    private static void appendProcesses(StringBuilder out, LedgerFigures ledger) {
        Set<String> names = new LinkedHashSet<>();
        ledger.workloads()
                .forEach(w -> w.runs()
                        .forEach(r ->
                                r.resources().ifPresent(res -> res.processes().forEach(p -> names.add(p.name())))));
        if (names.size() < 2) {
            return;
        }
        List<String> header = new ArrayList<>(List.of("transaction", "clients"));
        header.addAll(names);
        header.add("all of these");
        out.append("\nCPU per process over each window, in cores (1.00 = one core busy the whole window):\n\n");
        appendPerProcess(out, ledger, names, header, (run, cores) -> f2(cores));
        out.append("\nThe same as CPU time per committed transaction, in core-milliseconds (cores ÷ tx/s; what"
                + " bounds the rate once the machine's cores are all busy):\n\n");
        appendPerProcess(
                out,
                ledger,
                names,
                header,
                (run, cores) -> run.throughput() > 0 ? f2(1000 * cores / run.throughput()) : "–");
    }

    private static void appendPerProcess(
            StringBuilder out,
            LedgerFigures ledger,
            Set<String> names,
            List<String> header,
            java.util.function.BiFunction<RunFigures, Double, String> cell) {
        out.append(row(header)).append(separator(header.size()));
        for (WorkloadFigures w : ledger.workloads()) {
            for (RunFigures run : w.runs()) {
                List<String> cells = new ArrayList<>(List.of(w.workload().label(), Integer.toString(run.clients())));
                for (String name : names) {
                    cells.add(run.resources()
                            .flatMap(r -> r.processes().stream()
                                    .filter(p -> p.name().equals(name))
                                    .findFirst())
                            .filter(p -> !Double.isNaN(p.cores()))
                            .map(p -> cell.apply(run, p.cores()))
                            .orElse("–"));
                }
                cells.add(Double.isNaN(run.ledgerCores()) ? "–" : cell.apply(run, run.ledgerCores()));
                out.append(row(cells));
            }
        }
    }

    private static void appendCeiling(StringBuilder out, WorkloadFigures w, CryptoCeiling ceiling) {
        double perBlock =
                w.runs().isEmpty() ? 1 : w.runs().get(w.runs().size() - 1).transactionsPerBlock();
        out.append("\nSignature work per committed ")
                .append(w.workload().label())
                .append(", rates measured in this run with all ")
                .append(ceiling.cores())
                .append(" cores (block signature shared by ")
                .append(f1(perBlock))
                .append(" tx, as in the last run):\n\n");
        List<String> header =
                List.of("step", "primitive", "message B", "per tx", "ops/s (all cores)", "core-µs per tx");
        out.append(row(header)).append(separator(header.size()));
        for (CryptoCeiling.Step step : ceiling.steps(perBlock)) {
            out.append(row(List.of(
                    step.what(),
                    step.primitive(),
                    Integer.toString(step.messageBytes()),
                    step.perTransaction() == 1 ? "1" : String.format(Locale.ROOT, "%.3f", step.perTransaction()),
                    f1(step.opsPerSecond()),
                    f1(step.perTransaction() * ceiling.cores() * 1e6 / step.opsPerSecond()))));
        }
        out.append(row(List.of("**total**", "", "", "", "", f1(ceiling.coreMicrosPerTransaction(perBlock)))))
                .append("\nCeiling = ")
                .append(ceiling.cores())
                .append(" cores × 10⁶ ÷ ")
                .append(f1(ceiling.coreMicrosPerTransaction(perBlock)))
                .append(" core-µs = ")
                .append(f1(ceiling.transactionsPerSecond(perBlock)))
                .append(" tx/s. Message sizes from a committed" + " transaction: proposal ")
                .append(w.shape().proposalBytes())
                .append(" B, envelope ")
                .append(w.shape().envelopeBytes())
                .append(" B, endorsement ")
                .append(w.shape().endorsementBytes())
                .append(" B.\n");
    }

    /** Per client count: each ledger's workloads, SubmitBill ÷ PutState, and each later ledger ÷ the first. */
    private void appendSideBySide(StringBuilder out) {
        Set<Integer> clients = new java.util.TreeSet<>();
        ledgers.forEach(l -> l.workloads().forEach(w -> w.runs().forEach(r -> clients.add(r.clients()))));
        if (clients.isEmpty()) {
            return;
        }
        out.append("\n#### Side by side\n\nCommitted tx/s; SubmitBill ÷ PutState is the share of the engine's floor"
                + " that the contract's own work leaves");
        if (ledgers.size() > 1) {
            out.append("; ")
                    .append(ledgers.get(1).name())
                    .append(" ÷ ")
                    .append(ledgers.get(0).name())
                    .append(" sets the same workload on the two ledgers");
        }
        out.append(".\n\n");
        List<String> header = new ArrayList<>(List.of("clients"));
        for (LedgerFigures l : ledgers) {
            for (WorkloadFigures w : l.workloads()) {
                header.add(l.name() + " " + w.workload().label());
            }
            if (l.of(Workload.SUBMIT_BILL).isPresent()
                    && l.of(Workload.PUT_STATE).isPresent()) {
                header.add(l.name() + " SubmitBill ÷ PutState");
            }
        }
        List<LedgerFigures> later = ledgers.size() > 1 ? ledgers.subList(1, ledgers.size()) : List.of();
        for (LedgerFigures l : later) {
            for (WorkloadFigures w : l.workloads()) {
                if (ledgers.get(0).of(w.workload()).isPresent()) {
                    header.add(l.name() + " ÷ " + ledgers.get(0).name() + " "
                            + w.workload().label());
                }
            }
        }
        out.append(row(header)).append(separator(header.size()));
        List<Integer> rows = new ArrayList<>(clients);
        for (int c : rows) {
            out.append(row(sideBySideRow(Integer.toString(c), l -> w -> w.at(c), later)));
        }
        out.append(row(sideBySideRow("best", l -> w -> w.best(), later)));
    }

    private List<String> sideBySideRow(
            String label,
            java.util.function.Function<
                            LedgerFigures, java.util.function.Function<WorkloadFigures, Optional<RunFigures>>>
                    pick,
            List<LedgerFigures> later) {
        List<String> cells = new ArrayList<>(List.of(label));
        for (LedgerFigures l : ledgers) {
            for (WorkloadFigures w : l.workloads()) {
                cells.add(pick.apply(l).apply(w).map(r -> f1(r.throughput())).orElse("–"));
            }
            Optional<WorkloadFigures> bill = l.of(Workload.SUBMIT_BILL);
            Optional<WorkloadFigures> floor = l.of(Workload.PUT_STATE);
            if (bill.isPresent() && floor.isPresent()) {
                cells.add(ratio(pick.apply(l).apply(bill.get()), pick.apply(l).apply(floor.get())));
            }
        }
        for (LedgerFigures l : later) {
            for (WorkloadFigures w : l.workloads()) {
                ledgers.get(0)
                        .of(w.workload())
                        .ifPresent(first -> cells.add(ratio(
                                pick.apply(l).apply(w),
                                pick.apply(ledgers.get(0)).apply(first))));
            }
        }
        return cells;
    }

    /** The two Fabric targets, when Fabric was measured. */
    private void appendTargets(StringBuilder out) {
        Optional<LedgerFigures> fabric =
                ledgers.stream().filter(l -> l.name().equals("Fabric")).findFirst();
        if (fabric.isEmpty()) {
            return;
        }
        out.append("\n#### Targets\n\n");
        List<String> header = List.of("target", "figure", "met");
        out.append(row(header)).append(separator(header.size()));
        Optional<RunFigures> bill = fabric.get().of(Workload.SUBMIT_BILL).flatMap(WorkloadFigures::best);
        Optional<RunFigures> floor = fabric.get().of(Workload.PUT_STATE).flatMap(WorkloadFigures::best);
        if (bill.isPresent() && floor.isPresent()) {
            double share = bill.get().throughput() / floor.get().throughput();
            out.append(row(List.of(
                    "SubmitBill ≥ 80% of bare put-state on Fabric",
                    "best SubmitBill " + f1(bill.get().throughput()) + " tx/s ("
                            + bill.get().clients() + " clients) ÷ best"
                            + " PutState " + f1(floor.get().throughput()) + " tx/s ("
                            + floor.get().clients()
                            + " clients) = " + percent(share),
                    share >= 0.8 ? "yes" : "no")));
        }
        for (Optional<RunFigures> best : List.of(floor, bill)) {
            best.ifPresent(run -> {
                int cores = run.resources()
                        .map(ResourceFigures::cores)
                        .orElse(Runtime.getRuntime().availableProcessors());
                double perCore = run.throughput() / cores;
                out.append(row(List.of(
                        "Fabric tx/s per core ≥ " + f1(FABRIC_PUBLISHED_PER_CORE) + " (Hyperledger's"
                                + " Fabric 2.5 blind write, 2,947 tx/s on 40 cores): "
                                + run.workload().label(),
                        f1(run.throughput()) + " tx/s ÷ " + cores + " cores = " + f1(perCore)
                                + " per core of the machine"
                                + "; " + f1(run.throughputPerCoreUsed()) + " per core the network and clients used ("
                                + f2(run.ledgerCores()) + ")",
                        perCore >= FABRIC_PUBLISHED_PER_CORE ? "yes" : "no")));
            });
        }
    }

    private static String ratio(Optional<RunFigures> top, Optional<RunFigures> bottom) {
        if (top.isEmpty() || bottom.isEmpty() || bottom.get().throughput() == 0) {
            return "–";
        }
        return percent(top.get().throughput() / bottom.get().throughput());
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String separator(int columns) {
        return "|---".repeat(columns) + "|\n";
    }

    static String f1(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }

    static String f2(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
