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
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link EnvelopeBenchmark} and prints, per suite and bill size, how much sealing and opening
 * cost beyond the primitive operations they are made of, all measured in this one run.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.fapiao.bench.EnvelopeReport        # defaults: 1 fork, 3 x 2 s
 * java -cp bench/target/benchmarks.jar io.fapiao.bench.EnvelopeReport -f 2 -i 5
 * }</pre>
 * Any JMH command-line option overrides the defaults.
 */
public final class EnvelopeReport {

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Options defaults = new OptionsBuilder()
                .include(EnvelopeBenchmark.class.getName())
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(2))
                .parent(new CommandLineOptions(args))
                .build();
        Collection<RunResult> results = new Runner(defaults).run();

        // (suite, size) -> benchmark -> microseconds per operation
        Map<String, Map<String, Double>> scores = new TreeMap<>();
        for (RunResult result : results) {
            var params = result.getParams();
            String key = params.getParam("suite") + " " + params.getParam("billBytes");
            String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            scores.computeIfAbsent(key, k -> new TreeMap<>()).put(name, result.getPrimaryResult().getScore());
        }

        System.out.println();
        System.out.printf("JVM %s on %d cores%n%n", System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| suite | bill | seal µs | its primitives µs | seal overhead | open µs | its primitives µs | open overhead |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        scores.forEach((key, s) -> {
            double sealPrimitives = s.get("sign") + 2 * s.get("wrapKey") + s.get("encrypt") + s.get("digest");
            double openPrimitives = 2 * s.get("verify") + s.get("unwrapKey") + s.get("decrypt") + s.get("digest");
            String[] parts = key.split(" ");
            System.out.printf("| %s | %s B | %.1f | %.1f | %+.1f%% | %.1f | %.1f | %+.1f%% |%n", parts[0], parts[1],
                    s.get("seal"), sealPrimitives, 100 * (s.get("seal") / sealPrimitives - 1),
                    s.get("open"), openPrimitives, 100 * (s.get("open") / openPrimitives - 1));
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
    }

    private EnvelopeReport() {}
}
