package io.fapiao.bench.lifecycle;

import io.fapiao.bench.ledger.CryptoCeiling.Step;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The lifecycle bench's output: Markdown for docs/benchmarks.md and for the results file under
 * {@code bench-results/}: throughput against the crypto ceiling per run, latency per stage, CPU and
 * memory per process, the ceiling's count, storage per bill, and the issue's targets.
 *
 * <pre>{@code
 * System.out.print(report.markdown());
 * }</pre>
 *
 * @param ledger   {@code embedded} or {@code Fabric}: what the services ran on
 * @param command  the command line
 * @param machine  cores, memory, OS, JVM, date, load average
 * @param platform where the platform came from and its endpoints
 * @param load     hospitals, bills, warm-up / window / drain
 * @param runs     the runs in the order made
 * @param ceiling  the crypto ceiling of one lifecycle, when it could be measured
 * @param storage  disk per issued bill
 * @param notes    anything the reader must know (cross-check with the his-adapter, events, failures)
 */
public record LifecycleReport(
        String ledger,
        String command,
        String machine,
        String platform,
        String load,
        List<LifecycleRun> runs,
        Optional<LifecycleCeiling> ceiling,
        StorageFigures storage,
        List<String> notes) {

    /** The throughput table's header; a test checks every column is present. */
    public static final List<String> COLUMNS = List.of(
            "run",
            "sent",
            "accepted",
            "issued",
            "rejected",
            "refused",
            "unfinished",
            "lifecycles/s",
            "accepted/s",
            "p99 issued ms",
            "machine CPU",
            "ceiling lifecycles/s",
            "achieved ÷ ceiling");

    static final double GIB = 1024.0 * 1024 * 1024;

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("**Command:** `").append(command).append("`\n\n");
        out.append("**Machine:** ").append(machine).append("\n\n");
        out.append("**Platform:** ").append(platform).append("\n\n");
        out.append("**Load:** ").append(load).append("\n\n");

        out.append(row(COLUMNS)).append(separator(COLUMNS.size()));
        for (LifecycleRun run : runs) {
            out.append(row(List.of(
                    run.label(),
                    Long.toString(run.sent()),
                    Long.toString(run.accepted()),
                    Long.toString(run.issued()),
                    Long.toString(run.rejected()),
                    Long.toString(run.refused()),
                    Long.toString(run.unfinished()),
                    f1(run.issuedPerSecond()),
                    f1(run.acceptedPerSecond()),
                    run.latency(Stage.ISSUED).count() == 0
                            ? "–"
                            : ms(run.latency(Stage.ISSUED).p99Micros()),
                    percent(run.resources().machineBusy()),
                    ceiling.map(c -> f1(c.lifecyclesPerSecond())).orElse("–"),
                    ceiling.map(c -> percent(run.issuedPerSecond() / c.lifecyclesPerSecond()))
                            .orElse("–"))));
        }

        out.append("\nLatency per stage, ms from the moment each bill of the window was due (open loop) or sent"
                + " (closed loop):\n\n");
        List<String> latencyHeader = List.of("run", "stage", "bills", "p50", "p95", "p99", "max");
        out.append(row(latencyHeader)).append(separator(latencyHeader.size()));
        for (LifecycleRun run : runs) {
            for (Stage stage : Stage.values()) {
                Latency l = run.latency(stage);
                out.append(row(
                        l.count() == 0
                                ? List.of(run.label(), stage.label(), "0", "–", "–", "–", "–")
                                : List.of(
                                        run.label(),
                                        stage.label(),
                                        Long.toString(l.count()),
                                        ms(l.p50Micros()),
                                        ms(l.p95Micros()),
                                        ms(l.p99Micros()),
                                        ms(l.maxMicros()))));
            }
        }

        out.append("\nCPU and memory per process over each window (CPU in cores: 1.0 = one core busy all the time;"
                + " heap from the service's `/actuator/metrics/jvm.memory.used`, – when not exposed; machine CPU counts"
                + " every process on the machine, not only these):\n\n");
        List<String> processHeader =
                List.of("run", "process", "CPU cores", "RSS max MiB", "heap mean MiB", "heap max MiB");
        out.append(row(processHeader)).append(separator(processHeader.size()));
        for (LifecycleRun run : runs) {
            for (ResourceFigures.Process p : run.resources().processes()) {
                out.append(row(List.of(
                        run.label(),
                        p.name(),
                        Double.isNaN(p.cores()) ? "–" : f2(p.cores()),
                        mib(p.maxRssBytes()),
                        p.meanHeapBytes() < 0 ? "–" : mib(p.meanHeapBytes()),
                        p.maxHeapBytes() < 0 ? "–" : mib(p.maxHeapBytes()))));
            }
        }

        ceiling.ifPresent(c -> appendCeiling(out, c));

        out.append("\nStorage (bytes on disk; the ledger without its crypto material):\n\n");
        List<String> storageHeader = List.of("data", "before", "after", "growth", "per issued bill");
        out.append(row(storageHeader)).append(separator(storageHeader.size()));
        for (StorageFigures.Entry e : storage.entries()) {
            out.append(row(List.of(
                    e.what(),
                    Long.toString(e.bytesBefore()),
                    Long.toString(e.bytesAfter()),
                    Long.toString(e.growth()),
                    f0(storage.growthPerBill(e)))));
        }
        out.append(row(List.of(
                "**total**",
                Long.toString(storage.bytesBefore()),
                Long.toString(storage.bytesAfter()),
                Long.toString(storage.bytesAfter() - storage.bytesBefore()),
                f0(storage.growthPerBill()))));
        out.append("\n").append(storage.issuedBills()).append(" bills issued in all runs.\n");

        out.append("\nTargets (issue 7) on the ").append(ledger).append(" ledger:\n\n");
        List<String> targetHeader = List.of("target", "figure", "met");
        out.append(row(targetHeader)).append(separator(targetHeader.size()));
        targets().forEach(t -> out.append(row(t)));

        if (!notes.isEmpty()) {
            out.append("\nNotes:\n\n");
            notes.forEach(n -> out.append("- ").append(n).append("\n"));
        }
        return out.toString();
    }

    private static void appendCeiling(StringBuilder out, LifecycleCeiling c) {
        out.append("\nCrypto work per lifecycle (signatures, verifications, key agreements; rates measured in this"
                        + " run with all ")
                .append(c.cores())
                .append(" cores):\n\n");
        List<String> header = List.of(
                "step", "primitive", "message B", "per lifecycle", "ops/s (all cores)", "core-µs per lifecycle");
        out.append(row(header)).append(separator(header.size()));
        for (Step s : c.steps()) {
            out.append(row(List.of(
                    s.what(),
                    s.primitive(),
                    Integer.toString(s.messageBytes()),
                    s.perTransaction() == Math.rint(s.perTransaction())
                            ? Long.toString((long) s.perTransaction())
                            : String.format(Locale.ROOT, "%.3f", s.perTransaction()),
                    f1(s.opsPerSecond()),
                    f1(s.perTransaction() * c.cores() * 1e6 / s.opsPerSecond()))));
        }
        out.append(
                row(List.of("**total**", "", "", f1(c.operationsPerLifecycle()), "", f1(c.coreMicrosPerLifecycle()))));
        out.append("\nCeiling = ")
                .append(c.cores())
                .append(" cores × 10⁶ ÷ ")
                .append(f1(c.coreMicrosPerLifecycle()))
                .append(" core-µs = ")
                .append(f1(c.lifecyclesPerSecond()))
                .append(" lifecycles/s.\n");
    }

    /** The issue's targets against this report's figures. */
    List<List<String>> targets() {
        Optional<LifecycleRun> saturated = runs.stream()
                .filter(r -> r.mode().equals("closed"))
                .max(Comparator.comparingDouble(LifecycleRun::issuedPerSecond));
        String saturation;
        String saturationMet;
        if (saturated.isPresent() && ceiling.isPresent()) {
            double ratio = saturated.get().issuedPerSecond() / ceiling.get().lifecyclesPerSecond();
            saturation = f1(saturated.get().issuedPerSecond()) + " lifecycles/s ("
                    + saturated.get().label() + ") = " + percent(ratio) + " of "
                    + f1(ceiling.get().lifecyclesPerSecond());
            saturationMet = ratio >= 0.5 ? "yes" : "no";
        } else {
            saturation = "no closed-loop run or no ceiling";
            saturationMet = "–";
        }
        String half = "no open-loop run near half the saturation rate";
        String halfMet = "–";
        if (saturated.isPresent()) {
            double target = saturated.get().issuedPerSecond() / 2;
            Optional<LifecycleRun> open = runs.stream()
                    .filter(r -> r.mode().equals("open"))
                    .min(Comparator.comparingDouble(r -> Math.abs(r.offeredRate() - target)));
            if (open.isPresent()
                    && Math.abs(open.get().offeredRate() - target) <= 0.25 * target
                    && open.get().latency(Stage.ISSUED).count() > 0) {
                long p99 = open.get().latency(Stage.ISSUED).p99Micros();
                half = ms(p99) + " ms p99 at " + open.get().label() + " (half of "
                        + f1(saturated.get().issuedPerSecond())
                        + " = " + f1(target) + "/s)"
                        + (open.get().unfinished() > 0 ? "; " + open.get().unfinished() + " bills unfinished" : "");
                halfMet = p99 < 1_000_000 && open.get().unfinished() == 0 ? "yes" : "no";
            }
        }
        // The services' heaps: the generator is the bench's own JVM, the ledger node exposes no heap.
        long maxHeap = runs.stream()
                .flatMap(r -> r.resources().processes().stream())
                .filter(p -> Platform.SERVICES.contains(p.name()))
                .mapToLong(ResourceFigures.Process::maxHeapBytes)
                .max()
                .orElse(-1);
        long maxRss = runs.stream()
                .flatMap(r -> r.resources().processes().stream())
                .filter(p -> !p.name().equals("generator"))
                .mapToLong(ResourceFigures.Process::maxRssBytes)
                .max()
                .orElse(-1);
        String heap = maxHeap >= 0
                ? "largest service heap in use " + mib(maxHeap) + " MiB (RSS up to " + mib(maxRss) + " MiB)"
                : "heap not exposed by the services' actuator; largest RSS " + mib(maxRss) + " MiB";
        String heapMet =
                maxHeap >= 0 ? (maxHeap < GIB ? "yes" : "no") : (maxRss >= 0 && maxRss < GIB ? "yes (RSS)" : "–");
        return List.of(
                List.of("lifecycles at saturation ≥ 50% of the crypto ceiling", saturation, saturationMet),
                List.of("p99 lifecycle latency < 1 s at half the saturation rate", half, halfMet),
                List.of("steady heap < 1 GiB", heap, heapMet),
                List.of(
                        "storage per issued bill reported",
                        f0(storage.growthPerBill()) + " B per bill",
                        storage.issuedBills() > 0 ? "yes" : "–"));
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String separator(int columns) {
        return "|---".repeat(columns) + "|\n";
    }

    static String f0(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f", value);
    }

    static String f1(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }

    static String f2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    static String mib(long bytes) {
        return bytes < 0 ? "–" : String.format(Locale.ROOT, "%.0f", bytes / (1024.0 * 1024));
    }
}
