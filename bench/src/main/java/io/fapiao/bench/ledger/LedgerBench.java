package io.fapiao.bench.ledger;

import io.fapiao.ledger.client.Committed;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.ordering.BlockCutting;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.seal.BillSealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ./fapiao bench ledger}: committed SubmitBill transactions per second on the embedded ledger
 * with 1, 8 and 64 closed-loop clients, and their ratio to the machine's signature ceiling measured
 * in the same run. Prints Markdown for docs/benchmarks.md.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.fapiao.bench.ledger.LedgerBench --clients 1,8,64 --seconds 20
 * }</pre>
 */
public final class LedgerBench {

    /** What the command line asked for. */
    public record Options(List<Integer> clients, Duration window, Duration warmup, Path dataDir,
            Duration perPrimitive, Path recording) {

        static final String USAGE = "usage: ./fapiao bench ledger [--clients 1,8,64] [--seconds N] [--warmup N]"
                + " [--data DIR] [--primitive-millis N] [--jfr FILE]";

        public static Options parse(String... args) {
            List<Integer> clients = List.of(1, 8, 64);
            Duration window = Duration.ofSeconds(20);
            Duration warmup = Duration.ofSeconds(5);
            Path dataDir = null;
            Duration perPrimitive = Duration.ofSeconds(1);
            Path recording = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
                }
                switch (args[i++]) {
                    case "--clients" -> clients = Arrays.stream(value.split(",")).map(String::trim)
                            .map(Integer::valueOf).toList();
                    case "--seconds" -> window = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    case "--warmup" -> warmup = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    case "--data" -> dataDir = Path.of(value);
                    case "--primitive-millis" -> perPrimitive = Duration.ofMillis(Long.parseLong(value));
                    case "--jfr" -> recording = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + "; " + USAGE);
                }
            }
            if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1)) {
                throw new IllegalArgumentException("--clients needs positive counts, e.g. 1,8,64");
            }
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("--seconds must be positive");
            }
            return new Options(clients, window, warmup, dataDir, perPrimitive, recording);
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            String command = "./fapiao bench ledger " + String.join(" ", args);
            System.out.print(run(options, command.trim()).markdown());
        } catch (BenchSetupFailed | BenchInterrupted | IOException | LedgerException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Sets up the ledger, measures the ceiling and every client count, and tears everything down. */
    public static ThroughputReport run(Options options, String command)
            throws BenchSetupFailed, BenchInterrupted, IOException, LedgerException {
        boolean temporary = options.dataDir() == null;
        Path dataDir = temporary ? Files.createTempDirectory("fapiao-ledger-bench") : options.dataDir();
        String loadBefore = loadAverage();
        int submitters = options.clients().stream().max(Integer::compare).orElseThrow();
        try (BenchNetwork network = BenchNetwork.start(dataDir, submitters)) {
            progress("node up on port " + network.node().port() + ", " + submitters + " submitters registered");
            Submitter first = network.submitters().get(0);
            String probe = sealOne(network, first);
            Committed committed = first.ledger().submit("SubmitBill", probe);
            TransactionShape shape = TransactionShape.of(network.node().ledger(), committed.blockNumber(),
                    committed.transactionId());
            progress("timing the signature primitives");
            CryptoCeiling ceiling = CryptoCeiling.measure(network, shape, options.perPrimitive());
            ClosedLoop loop = new ClosedLoop(network, options.warmup(), options.window());
            List<RunFigures> runs = new ArrayList<>();
            double best = 0;
            for (int clients : options.clients()) {
                double expected = Math.min(ceiling.transactionsPerSecond(clients), 2 * best + 60.0 * clients);
                progress(clients + " client(s): sealing and running " + options.warmup().toSeconds() + " s warm-up + "
                        + options.window().toSeconds() + " s");
                Optional<Path> recording = Optional.ofNullable(options.recording()).map(file -> options.clients().size() == 1
                        ? file : file.resolveSibling(clients + "-clients-" + file.getFileName()));
                RunFigures run = loop.run(clients, expected, recording);
                progress(String.format(java.util.Locale.ROOT, "%d client(s): %.1f tx/s", clients, run.throughput()));
                runs.add(run);
                best = Math.max(best, run.throughput());
            }
            BlockCutting cutting = network.node().settings().blockCutting();
            String node = "embedded ledger, TLS on, data dir " + dataDir + ", blocks cut at "
                    + cutting.maxMessageCount() + " tx / " + cutting.preferredMaxBytes() + " B / "
                    + cutting.batchTimeout().toMillis() + " ms, one fsync per block";
            return new ThroughputReport(command, machine(loadBefore, loadAverage()), node, probe.length(), shape,
                    ceiling, runs);
        } finally {
            if (temporary) {
                deleteTree(dataDir);
            }
        }
    }

    private static String sealOne(BenchNetwork network, Submitter submitter) {
        try {
            return new String(BillSealer.seal(SampleBills.outpatient(1, submitter.uscc()), submitter.sealer(),
                    network.recipients()).toJson(), StandardCharsets.UTF_8);
        } catch (ProtocolException e) {
            throw new IllegalStateException("cannot seal a sample bill: " + e.getMessage(), e);
        }
    }

    private static String machine(String loadBefore, String loadAfter) {
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB max heap, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", BouncyCastle " + bouncyCastle() + ", " + LocalDate.now()
                + "; load average (1 min) " + loadBefore + " before, " + loadAfter + " after";
    }

    private static String bouncyCastle() {
        Package bc = org.bouncycastle.jce.provider.BouncyCastleProvider.class.getPackage();
        String version = bc == null ? null : bc.getImplementationVersion();
        return version == null ? new org.bouncycastle.jce.provider.BouncyCastleProvider().getVersionStr() : version;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void progress(String message) {
        System.err.println("bench: " + message);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
