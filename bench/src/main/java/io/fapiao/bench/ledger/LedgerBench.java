package io.fapiao.bench.ledger;

import io.fapiao.bench.ledger.ThroughputReport.LedgerFigures;
import io.fapiao.bench.ledger.ThroughputReport.WorkloadFigures;
import io.fapiao.ledger.client.Committed;
import io.fapiao.ledger.client.LedgerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ./fapiao bench ledger}: committed transactions per second with 1, 8 and 64 closed-loop
 * clients, for the Fapiao contract's SubmitBill and for the engine's floor (a bare put-state,
 * {@code floor:PutState}), on the embedded ledger and, with {@code --fabric}, on a Hyperledger Fabric 3
 * BFT network in the same run; with the embedded node's ratio to the machine's signature ceiling, the
 * CPU each process of the ledger used, and the two ledgers side by side. Prints Markdown for
 * docs/benchmarks.md.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.fapiao.bench.ledger.LedgerBench --clients 1,8,64 --seconds 20
 * java -cp bench/target/benchmarks.jar io.fapiao.bench.ledger.LedgerBench --fabric   # embedded and Fabric
 * }</pre>
 */
public final class LedgerBench {

    /** Which ledger a run measures. */
    public enum LedgerKind {
        EMBEDDED,
        FABRIC
    }

    /**
     * What the command line asked for.
     *
     * @param clients      closed-loop client counts, each a run
     * @param window       the measured window of each run
     * @param warmup       the warm-up before it
     * @param dataDir      the embedded node's data directory (null: a temporary one)
     * @param perPrimitive how long each signature primitive is timed for the ceiling
     * @param recording    a JFR file for each run's load (null: none)
     * @param ledgers      the ledgers, measured in this order
     * @param workloads    the transactions, measured in this order on each ledger
     * @param network      the Fabric network's folder: attached to if a network runs there, else started
     *                     there (null: a temporary folder)
     * @param portBase     the port base of a Fabric network the bench starts
     * @param gateways     which peers' gateways the Fabric submitters use
     * @param keep         leave a Fabric network the bench started (and the floor) running
     * @param root         the repository (network/fabric.sh, bench/floor-chaincode.sh)
     * @param profile      a folder for a profile of each Fabric run's window (bench/profile-fabric.sh), or null
     */
    public record Options(
            List<Integer> clients,
            Duration window,
            Duration warmup,
            Path dataDir,
            Duration perPrimitive,
            Path recording,
            List<LedgerKind> ledgers,
            List<Workload> workloads,
            Path network,
            int portBase,
            FabricNetwork.Gateways gateways,
            boolean keep,
            Path root,
            Path profile) {

        /** The embedded node alone, both workloads, Fabric settings at their defaults. */
        public Options(
                List<Integer> clients,
                Duration window,
                Duration warmup,
                Path dataDir,
                Duration perPrimitive,
                Path recording) {
            this(
                    clients,
                    window,
                    warmup,
                    dataDir,
                    perPrimitive,
                    recording,
                    List.of(LedgerKind.EMBEDDED),
                    List.of(Workload.values()),
                    null,
                    21000,
                    FabricNetwork.Gateways.HOSPITAL,
                    false,
                    Path.of("").toAbsolutePath(),
                    null);
        }

        /** Parses {@code args} as {@code ./fapiao bench ledger} does; an {@link IllegalArgumentException} says what is wrong. */
        public static Options parse(String... args) {
            Arguments a = new Arguments();
            try {
                new CommandLine(a).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
            } catch (ParameterException e) {
                throw new IllegalArgumentException(
                        e.getMessage() + " (./fapiao bench ledger --help lists the options)", e);
            }
            List<LedgerKind> ledgers = a.fabric ? List.of(LedgerKind.EMBEDDED, LedgerKind.FABRIC) : a.ledgers;
            if (a.clients.isEmpty() || a.clients.stream().anyMatch(c -> c < 1)) {
                throw new IllegalArgumentException("--clients needs positive counts, e.g. 1,8,64");
            }
            if (!(a.seconds > 0)) {
                throw new IllegalArgumentException("--seconds must be positive");
            }
            List<Workload> workloads =
                    a.transactions.stream().map(Workload::of).distinct().toList();
            return new Options(
                    a.clients,
                    seconds(a.seconds),
                    seconds(a.warmup),
                    a.data,
                    Duration.ofMillis(a.primitiveMillis),
                    a.jfr,
                    ledgers.stream().distinct().toList(),
                    workloads,
                    a.network,
                    a.portBase,
                    a.gateways,
                    a.keep,
                    a.root.toAbsolutePath(),
                    a.profile);
        }

        private static Duration seconds(double value) {
            return Duration.ofMillis((long) (value * 1000));
        }
    }

    /** The command line as picocli reads it; {@link Options#parse} checks it and makes it an {@link Options}. */
    @Command(
            name = "./fapiao bench ledger",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Committed transactions per second of SubmitBill and of a bare put-state, closed loop, on"
                    + " the embedded ledger and (--fabric) a Fabric 3 BFT network, side by side.")
    static final class Arguments {
        @Option(
                names = "--clients",
                split = ",",
                paramLabel = "N",
                defaultValue = "1,8,64",
                description = "closed-loop client counts, one run each (default ${DEFAULT-VALUE})")
        List<Integer> clients;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "20", description = "measured window per run")
        double seconds;

        @Option(names = "--warmup", paramLabel = "S", defaultValue = "5", description = "warm-up before each window")
        double warmup;

        @Option(
                names = "--transactions",
                split = ",",
                paramLabel = "T",
                defaultValue = "SubmitBill,PutState",
                description = "SubmitBill, PutState (the engine's floor) or both (default)")
        List<String> transactions;

        @Option(
                names = "--ledger",
                split = ",",
                paramLabel = "L",
                defaultValue = "embedded",
                description = "embedded, fabric, or both in that order: embedded,fabric")
        List<LedgerKind> ledgers;

        @Option(names = "--fabric", description = "the same as --ledger embedded,fabric: both ledgers, one run")
        boolean fabric;

        @Option(
                names = "--data",
                paramLabel = "DIR",
                description = "the embedded node's data directory (empty;" + " default a temporary one)")
        Path data;

        @Option(
                names = "--network",
                paramLabel = "DIR",
                description = "the Fabric network's folder: a network"
                        + " running there (network/fabric.sh up) is used and left running, otherwise one is started there;"
                        + " default a temporary folder")
        Path network;

        @Option(
                names = "--port-base",
                paramLabel = "N",
                defaultValue = "21000",
                description = "port base of a Fabric network the bench starts (default ${DEFAULT-VALUE})")
        int portBase;

        @Option(
                names = "--gateways",
                paramLabel = "G",
                defaultValue = "hospital",
                description = "Fabric: every client on HospitalOrg's peer (hospital, default) or spread over the"
                        + " four peers (all)")
        FabricNetwork.Gateways gateways;

        @Option(names = "--keep", description = "leave the Fabric network the bench started running")
        boolean keep;

        @Option(
                names = "--primitive-millis",
                paramLabel = "MS",
                defaultValue = "1000",
                description = "how long each signature primitive is timed for the ceiling")
        long primitiveMillis;

        @Option(names = "--jfr", paramLabel = "FILE", description = "a JDK Flight Recording of each run's load")
        Path jfr;

        @Option(
                names = "--profile",
                paramLabel = "DIR",
                description = "Fabric: profile each run's window (up to"
                        + " 30 s) with bench/profile-fabric.sh (perf over the orderers and peers, JFR over the chaincode"
                        + " services) into DIR")
        Path profile;

        @Option(names = "--root", paramLabel = "DIR", defaultValue = ".", description = "the repository's root")
        Path root;
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            new CommandLine(new Arguments()).usage(System.out);
            return;
        }
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
            System.exit(0);
        } catch (BenchSetupFailed | BenchInterrupted | IOException | LedgerException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Sets up each ledger in turn, measures every workload and client count on it, and tears it down. */
    public static ThroughputReport run(Options options, String command)
            throws BenchSetupFailed, BenchInterrupted, IOException, LedgerException {
        String loadBefore = ClosedLoop.loadAverage();
        List<LedgerFigures> ledgers = new ArrayList<>();
        int billBytes = 0;
        for (LedgerKind kind : options.ledgers()) {
            Scratch scratch = Scratch.of(kind, options);
            LedgerUnderTest ledger;
            try {
                ledger = open(kind, options, scratch.path());
            } catch (BenchSetupFailed e) {
                if (scratch.temporary()) {
                    progress("the temporary folder " + scratch.path() + " is kept for its logs");
                }
                throw e;
            }
            try (ledger) {
                billBytes = Workload.seal(ledger.submitters().get(0), ledger.recipients(), 1)
                        .length();
                ledgers.add(measure(ledger, options));
            } finally {
                scratch.delete();
            }
        }
        return new ThroughputReport(command, machine(loadBefore, ClosedLoop.loadAverage()), billBytes, ledgers);
    }

    private static LedgerUnderTest open(LedgerKind kind, Options options, Path folder) throws BenchSetupFailed {
        int submitters = options.clients().stream().max(Integer::compare).orElseThrow();
        return switch (kind) {
            case EMBEDDED -> {
                EmbeddedNetwork network = EmbeddedNetwork.start(folder, submitters);
                progress("embedded node up on port " + network.node().port() + ", " + submitters
                        + " submitters registered");
                yield network;
            }
            case FABRIC -> {
                FabricNetwork network = FabricNetwork.start(
                        options.root(), folder, options.portBase(), submitters, options.gateways(), options.keep());
                progress("Fabric network ready in " + network.home() + ", " + submitters + " submitters registered");
                yield network;
            }
        };
    }

    private static LedgerFigures measure(LedgerUnderTest ledger, Options options)
            throws BenchInterrupted, IOException, LedgerException {
        ClosedLoop loop = new ClosedLoop(ledger, options.warmup(), options.window(), profiler(ledger, options));
        List<WorkloadFigures> workloads = new ArrayList<>();
        for (Workload workload : options.workloads()) {
            // Three transactions alone: one to read the shape from, and the fastest as the unloaded latency.
            Submitter first = ledger.submitters().get(0);
            Committed probe = null;
            long fastest = Long.MAX_VALUE;
            for (String argument : workload.prepare(first, ledger.recipients(), 3)) {
                long begun = System.nanoTime();
                probe = workload.submit(first, argument);
                fastest = Math.min(fastest, System.nanoTime() - begun);
            }
            TransactionShape shape = ledger.shape(probe);
            progress(
                    String.format(Locale.ROOT, "%s %s alone: %.1f ms", ledger.name(), workload.label(), fastest / 1e6));
            progress(ledger.name() + " " + workload.label() + ": timing the signature primitives");
            Optional<CryptoCeiling> ceiling = ledger.ceiling(workload, shape, options.perPrimitive());
            List<RunFigures> runs = new ArrayList<>();
            double best = 0;
            for (int clients : options.clients()) {
                // Enough arguments for what the run can reach: a closed loop does not beat its clients ÷ the
                // unloaded latency (latency only grows with load), nor the signature ceiling.
                double expected = Math.min(
                        Math.min(2 * best + 60.0 * clients, 1.2e9 * clients / fastest),
                        ceiling.map(c -> c.transactionsPerSecond(clients)).orElse(Double.MAX_VALUE));
                progress(String.format(
                        Locale.ROOT,
                        "%s %s, %d client(s): preparing, then %d s warm-up + %d s",
                        ledger.name(),
                        workload.label(),
                        clients,
                        options.warmup().toSeconds(),
                        options.window().toSeconds()));
                Optional<Path> recording = Optional.ofNullable(options.recording())
                        .map(file -> file.resolveSibling(ledger.name().toLowerCase(Locale.ROOT) + "-" + workload.label()
                                + "-" + clients + "-clients-" + file.getFileName()));
                RunFigures run = loop.run(workload, clients, expected, recording);
                progress(String.format(
                        Locale.ROOT,
                        "%s %s, %d client(s): %.1f tx/s, ledger CPU %.2f cores",
                        ledger.name(),
                        workload.label(),
                        clients,
                        run.throughput(),
                        run.ledgerCores()));
                runs.add(run);
                best = Math.max(best, run.throughput());
            }
            workloads.add(new WorkloadFigures(workload, shape, ceiling, runs));
        }
        return new LedgerFigures(ledger.name(), ledger.description(), workloads);
    }

    /** With --profile on Fabric: bench/profile-fabric.sh over each window, its summary in DIR/fabric-T-N.txt. */
    private static ClosedLoop.WindowWatcher profiler(LedgerUnderTest ledger, Options options) {
        if (options.profile() == null || !(ledger instanceof FabricNetwork fabric)) {
            return (workload, clients, window) -> Optional.empty();
        }
        return (workload, clients, window) -> {
            String name = "fabric-" + workload.label() + "-" + clients;
            Path out =
                    Files.createDirectories(options.profile().toAbsolutePath()).resolve(name);
            long seconds = Math.max(1, Math.min(30, window.toSeconds() - 2));
            progress("profiling the window for " + seconds + " s into " + out + ".txt");
            return Optional.of(new ProcessBuilder(
                            options.root().resolve("bench/profile-fabric.sh").toString(),
                            "--network",
                            fabric.home().toString(),
                            "--seconds",
                            Long.toString(seconds),
                            "--out",
                            out.toString())
                    .directory(options.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.resolveSibling(name + ".txt").toFile())
                    .start());
        };
    }

    /** A ledger's folder: the one given, or a temporary one deleted afterwards. */
    private record Scratch(Path path, boolean temporary) {
        static Scratch of(LedgerKind kind, Options options) throws IOException {
            Path given = kind == LedgerKind.EMBEDDED ? options.dataDir() : options.network();
            if (given != null) {
                return new Scratch(given.toAbsolutePath(), false);
            }
            return new Scratch(
                    Files.createTempDirectory(
                            kind == LedgerKind.EMBEDDED ? "fapiao-ledger-bench" : "fapiao-fabric-bench"),
                    !(kind == LedgerKind.FABRIC && options.keep()));
        }

        void delete() throws IOException {
            if (temporary) {
                deleteTree(path);
            }
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
