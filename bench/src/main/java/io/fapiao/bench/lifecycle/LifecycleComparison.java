package io.fapiao.bench.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lifecycle bench's output when it measured more than one ledger in a run: each ledger's full
 * report, then the same loads side by side (lifecycles per second, p99 to issued, the CPU the
 * platform's processes spent per lifecycle) and the later ledger's rate as a share of the first's.
 * With one report it is that report.
 *
 * <pre>{@code
 * System.out.print(new LifecycleComparison(List.of(embedded, fabric)).markdown());
 * }</pre>
 *
 * @param reports one per ledger, in the order measured
 */
public record LifecycleComparison(List<LifecycleReport> reports) {

    public LifecycleComparison {
        reports = List.copyOf(reports);
    }

    public String markdown() {
        if (reports.size() == 1) {
            return reports.get(0).markdown();
        }
        StringBuilder out = new StringBuilder();
        for (LifecycleReport report : reports) {
            out.append("\n#### ").append(report.ledger()).append("\n\n").append(report.markdown());
        }
        out.append(
                "\n#### Side by side\n\nThe same loads on each ledger (the open loop runs at half of each ledger's own"
                        + " best closed-loop rate); CPU per lifecycle is every sampled process's CPU (ledger, services,"
                        + " generator) over the window ÷ lifecycles issued in it.\n\n");
        List<String> header = new ArrayList<>(List.of("run"));
        for (LifecycleReport r : reports) {
            header.addAll(List.of(
                    r.ledger() + " lifecycles/s",
                    r.ledger() + " p99 issued ms",
                    r.ledger() + " core-ms per lifecycle"));
        }
        LifecycleReport first = reports.get(0);
        for (LifecycleReport r : reports.subList(1, reports.size())) {
            header.add(r.ledger() + " ÷ " + first.ledger());
        }
        out.append(row(header)).append("|---".repeat(header.size())).append("|\n");
        int rows = reports.stream().mapToInt(r -> r.runs().size()).max().orElse(0);
        for (int i = 0; i < rows; i++) {
            int index = i;
            List<String> cells = new ArrayList<>(List.of(reports.stream()
                    .filter(r -> r.runs().size() > index)
                    .map(r -> r.runs().get(index).mode().equals("open")
                            ? "open at half the best"
                            : r.runs().get(index).label())
                    .findFirst()
                    .orElse("–")));
            for (LifecycleReport r : reports) {
                if (r.runs().size() <= i) {
                    cells.addAll(List.of("–", "–", "–"));
                    continue;
                }
                LifecycleRun run = r.runs().get(i);
                cells.add((run.mode().equals("open") ? run.label() + ": " : "") + f1(run.issuedPerSecond()));
                cells.add(
                        run.latency(Stage.ISSUED).count() == 0
                                ? "–"
                                : f1(run.latency(Stage.ISSUED).p99Micros() / 1000.0));
                cells.add(f1(corePerLifecycleMillis(run)));
            }
            for (LifecycleReport r : reports.subList(1, reports.size())) {
                boolean both = r.runs().size() > i
                        && first.runs().size() > i
                        && first.runs().get(i).issuedPerSecond() > 0;
                cells.add(
                        both
                                ? String.format(
                                        Locale.ROOT,
                                        "%.1f%%",
                                        100
                                                * r.runs().get(i).issuedPerSecond()
                                                / first.runs().get(i).issuedPerSecond())
                                : "–");
            }
            out.append(row(cells));
        }
        return out.toString();
    }

    /** Every sampled process's CPU over the window, in core-milliseconds per issued lifecycle. */
    static double corePerLifecycleMillis(LifecycleRun run) {
        double cores = run.resources().processes().stream()
                .mapToDouble(ResourceFigures.Process::cores)
                .filter(c -> !Double.isNaN(c))
                .sum();
        return run.issuedPerSecond() > 0 ? 1000 * cores / run.issuedPerSecond() : Double.NaN;
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String f1(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }
}
