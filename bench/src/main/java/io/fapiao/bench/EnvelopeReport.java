package io.fapiao.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link EnvelopeBenchmark} and prints, per suite and bill size, how much sealing and opening
 * cost beyond the primitive operations they are made of, all measured in this one run.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.fapiao.bench.EnvelopeReport        # EnvelopeBenchmark's settings: 2 forks, 4 + 5 x 1 s
 * java -cp bench/target/benchmarks.jar io.fapiao.bench.EnvelopeReport -f 3 -i 10
 * java -cp bench/target/benchmarks.jar io.fapiao.bench.EnvelopeReport -prof gc   # adds bytes allocated per operation
 * }</pre>
 * Any JMH command-line option overrides the defaults ({@code ./fapiao bench envelope} passes them on).
 */
public final class EnvelopeReport {

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Options defaults = new OptionsBuilder()
                .include(EnvelopeBenchmark.class.getName())
                .parent(new CommandLineOptions(args))
                .build();
        Collection<RunResult> results = new Runner(defaults).run();

        // (suite, size) -> benchmark -> microseconds per operation
        Map<String, Map<String, Double>> scores = new TreeMap<>();
        // (suite, size) -> benchmark -> half-width of JMH's 99.9% confidence interval, microseconds
        Map<String, Map<String, Double>> errors = new TreeMap<>();
        // (suite, size) -> benchmark -> bytes allocated per operation, when run with -prof gc
        Map<String, Map<String, Double>> allocations = new TreeMap<>();
        for (RunResult result : results) {
            var params = result.getParams();
            String key = params.getParam("suite") + " " + params.getParam("billBytes");
            String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            scores.computeIfAbsent(key, k -> new TreeMap<>())
                    .put(name, result.getPrimaryResult().getScore());
            errors.computeIfAbsent(key, k -> new TreeMap<>())
                    .put(name, result.getPrimaryResult().getScoreError());
            var allocated = result.getSecondaryResults().get("gc.alloc.rate.norm");
            if (allocated != null) {
                allocations.computeIfAbsent(key, k -> new TreeMap<>()).put(name, allocated.getScore());
            }
        }

        System.out.println();
        System.out.printf(
                "JVM %s on %d cores%n%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
        overheadTable("seal", scores, errors, EnvelopeReport::sealSum, "sealPrimitives");
        System.out.println();
        overheadTable("open", scores, errors, EnvelopeReport::openSum, "openPrimitives");
        System.out.println();
        System.out.println("| suite | bill | sign | verify | wrap key | unwrap key | encrypt | decrypt | digest |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        scores.forEach((key, s) -> {
            String[] parts = key.split(" ");
            System.out.printf(
                    "| %s | %s B | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                    parts[0],
                    parts[1],
                    s.get("sign"),
                    s.get("verify"),
                    s.get("wrapKey"),
                    s.get("unwrapKey"),
                    s.get("encrypt"),
                    s.get("decrypt"),
                    s.get("digest"));
        });
        if (!allocations.isEmpty()) {
            System.out.println();
            System.out.println("Bytes allocated per operation (-prof gc; deterministic, unlike the times):");
            System.out.println();
            System.out.println(
                    "| suite | bill | seal B | its primitives B | seal extra | open B | its primitives B | open extra |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            allocations.forEach((key, a) -> {
                String[] parts = key.split(" ");
                double sealPrimitives = sealSum(a);
                double openPrimitives = openSum(a);
                System.out.printf(
                        "| %s | %s B | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
                        parts[0],
                        parts[1],
                        a.get("seal"),
                        sealPrimitives,
                        a.get("seal") - sealPrimitives,
                        a.get("open"),
                        openPrimitives,
                        a.get("open") - openPrimitives);
            });
        }
    }

    /**
     * One row per suite and size: the operation against its primitives measured alone and summed,
     * and against the same primitives run one after the other in one benchmark ({@code chained}).
     */
    private static void overheadTable(
            String operation,
            Map<String, Map<String, Double>> scores,
            Map<String, Map<String, Double>> errors,
            ToDoubleFunction<Map<String, Double>> sum,
            String chained) {
        System.out.printf(
                "| suite | bill | %s µs | primitives alone, summed µs | overhead | primitives chained µs | overhead |%n",
                operation);
        System.out.println("|---|---|---|---|---|---|---|");
        scores.forEach((key, s) -> {
            String[] parts = key.split(" ");
            double whole = s.get(operation);
            double summed = sum.applyAsDouble(s);
            double chain = s.get(chained);
            System.out.printf(
                    "| %s | %s B | %.1f ± %.1f | %.1f | %+.1f%% | %.1f ± %.1f | %+.1f%% |%n",
                    parts[0],
                    parts[1],
                    whole,
                    errors.get(key).get(operation),
                    summed,
                    100 * (whole / summed - 1),
                    chain,
                    errors.get(key).get(chained),
                    100 * (whole / chain - 1));
        });
    }

    /** Sealing for two recipients: one signature, two key wraps, one encryption, one digest of the bill. */
    private static double sealSum(Map<String, Double> s) {
        return s.get("sign") + 2 * s.get("wrapKey") + s.get("encrypt") + s.get("digest");
    }

    /** Opening: two verifications (CA over certificate, signer over header), one unwrap, one decryption, one digest. */
    private static double openSum(Map<String, Double> s) {
        return 2 * s.get("verify") + s.get("unwrapKey") + s.get("decrypt") + s.get("digest");
    }

    private EnvelopeReport() {}
}
