package io.fapiao.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
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
            scores.computeIfAbsent(key, k -> new TreeMap<>()).put(name, result.getPrimaryResult().getScore());
            errors.computeIfAbsent(key, k -> new TreeMap<>()).put(name, result.getPrimaryResult().getScoreError());
            var allocated = result.getSecondaryResults().get("gc.alloc.rate.norm");
            if (allocated != null) {
                allocations.computeIfAbsent(key, k -> new TreeMap<>()).put(name, allocated.getScore());
            }
        }

        System.out.println();
        System.out.printf("JVM %s on %d cores%n%n", System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| suite | bill | seal µs | its primitives µs | seal overhead | open µs | its primitives µs | open overhead |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        scores.forEach((key, s) -> {
            double sealPrimitives = sealPrimitives(s);
            double openPrimitives = openPrimitives(s);
            String[] parts = key.split(" ");
            Map<String, Double> e = errors.get(key);
            System.out.printf("| %s | %s B | %.1f ± %.1f | %.1f | %+.1f%% | %.1f ± %.1f | %.1f | %+.1f%% |%n", parts[0],
                    parts[1], s.get("seal"), e.get("seal"), sealPrimitives, 100 * (s.get("seal") / sealPrimitives - 1),
                    s.get("open"), e.get("open"), openPrimitives, 100 * (s.get("open") / openPrimitives - 1));
        });
        System.out.println();
        System.out.println("| suite | bill | sign | verify | wrap key | unwrap key | encrypt | decrypt | digest |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        scores.forEach((key, s) -> {
            String[] parts = key.split(" ");
            System.out.printf("| %s | %s B | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", parts[0], parts[1],
                    s.get("sign"), s.get("verify"), s.get("wrapKey"), s.get("unwrapKey"), s.get("encrypt"),
                    s.get("decrypt"), s.get("digest"));
        });
        if (!allocations.isEmpty()) {
            System.out.println();
            System.out.println("Bytes allocated per operation (-prof gc; deterministic, unlike the times):");
            System.out.println();
            System.out.println("| suite | bill | seal B | its primitives B | seal extra | open B | its primitives B | open extra |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            allocations.forEach((key, a) -> {
                String[] parts = key.split(" ");
                double sealPrimitives = sealPrimitives(a);
                double openPrimitives = openPrimitives(a);
                System.out.printf("| %s | %s B | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", parts[0], parts[1],
                        a.get("seal"), sealPrimitives, a.get("seal") - sealPrimitives,
                        a.get("open"), openPrimitives, a.get("open") - openPrimitives);
            });
        }
    }

    /** Sealing for two recipients: one signature, two key wraps, one encryption, one digest of the bill. */
    private static double sealPrimitives(Map<String, Double> s) {
        return s.get("sign") + 2 * s.get("wrapKey") + s.get("encrypt") + s.get("digest");
    }

    /** Opening: two verifications (CA over certificate, signer over header), one unwrap, one decryption, one digest. */
    private static double openPrimitives(Map<String, Double> s) {
        return 2 * s.get("verify") + s.get("unwrapKey") + s.get("decrypt") + s.get("digest");
    }

    private EnvelopeReport() {}
}
