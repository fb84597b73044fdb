package io.fapiao.bench.lifecycle;

import io.fapiao.bench.ShellScript;
import io.fapiao.bench.ledger.BenchInterrupted;
import io.fapiao.bench.ledger.BenchSetupFailed;
import io.fapiao.bench.ledger.CryptoCeiling.Rates;
import io.fapiao.bench.ledger.FabricNetwork;
import io.fapiao.bench.ledger.TransactionShape;
import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumUnavailable;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Identity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Block;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ./fapiao bench lifecycle}: full bill lifecycles (his-adapter → ledger → finance-verifier →
 * issuer-api) through the real services over HTTP, closed loop to saturation and open loop at a
 * target rate, against the crypto-bound ceiling of one lifecycle measured in the same run. Prints
 * Markdown and appends it to {@code bench-results/lifecycle-<time>.md}.
 *
 * <pre>{@code
 * ./fapiao bench lifecycle                           # own platform, --clients 8,32 then open loop at half
 * ./fapiao bench lifecycle --clients 16 --rate 5,10  # chosen loads
 * ./fapiao bench lifecycle --attach .fapiao          # a platform started by ./fapiao up
 * }</pre>
 */
public final class LifecycleBench {

    /** Which ledger the platform runs on. */
    public enum LedgerKind {
        EMBEDDED,
        FABRIC
    }

    /**
     * What the command line asked for.
     *
     * @param ledgers          the ledgers, one platform each, measured in this order (ignored with attach)
     * @param network          the Fabric network's folder: attached to if one runs there, else started there
     *                         (null: a temporary folder)
     * @param networkPortBase  the port base of a Fabric network the bench starts
     */
    public record Options(
            List<Integer> clients,
            List<Double> rates,
            boolean halfRate,
            Duration warmup,
            Duration window,
            Duration drain,
            int hospitals,
            Path attach,
            String hisUrl,
            Path home,
            int portBase,
            boolean keep,
            Path root,
            Path results,
            Duration perPrimitive,
            List<LedgerKind> ledgers,
            Path network,
            int networkPortBase) {

        /** Parses {@code args} as {@code ./fapiao bench lifecycle} does; an {@link IllegalArgumentException} says what is wrong. */
        public static Options parse(String... args) {
            Arguments a = new Arguments();
            try {
                new CommandLine(a).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
            } catch (ParameterException e) {
                throw new IllegalArgumentException(
                        e.getMessage() + " (./fapiao bench lifecycle --help lists the options)", e);
            }
            List<Integer> clients = a.clients.equals("none")
                    ? List.of()
                    : Arrays.stream(a.clients.split(","))
                            .map(String::trim)
                            .map(Integer::valueOf)
                            .toList();
            boolean ratesGiven = a.rate != null;
            boolean halfRate = !ratesGiven;
            List<Double> rates = new ArrayList<>();
            if (ratesGiven) {
                for (String r : a.rate.split(",")) {
                    if (r.trim().equals("half")) {
                        halfRate = true;
                    } else if (!r.trim().equals("none")) {
                        rates.add(Double.valueOf(r.trim()));
                    }
                }
            }
            if (clients.stream().anyMatch(c -> c < 1) || rates.stream().anyMatch(r -> !(r > 0))) {
                throw new IllegalArgumentException("--clients and --rate need positive values");
            }
            if (clients.isEmpty() && rates.isEmpty()) {
                throw new IllegalArgumentException("nothing to run: give --clients or a numeric --rate");
            }
            if (halfRate && clients.isEmpty()) {
                halfRate = false; // half of no saturation run
                if (!ratesGiven) {
                    throw new IllegalArgumentException("--rate half needs a closed-loop run (--clients)");
                }
            }
            if (!(a.seconds > 0)) {
                throw new IllegalArgumentException("--seconds must be positive");
            }
            if (a.url != null && a.attach == null) {
                throw new IllegalArgumentException("--url needs --attach HOME (the running platform's folder)");
            }
            HospitalBills.planHospitals(a.hospitals); // range check
            Path root = a.root.toAbsolutePath().normalize();
            List<LedgerKind> ledgers = a.fabric
                    ? List.of(LedgerKind.EMBEDDED, LedgerKind.FABRIC)
                    : a.ledgers.stream().distinct().toList();
            return new Options(
                    clients,
                    List.copyOf(rates),
                    halfRate,
                    seconds(a.warmup),
                    seconds(a.seconds),
                    seconds(a.drain),
                    a.hospitals,
                    a.attach,
                    a.url,
                    a.home,
                    a.portBase,
                    a.keep,
                    root,
                    a.results == null ? root.resolve("bench-results") : a.results,
                    Duration.ofMillis(a.primitiveMillis),
                    ledgers,
                    a.network,
                    a.networkPortBase);
        }

        private static Duration seconds(double value) {
            return Duration.ofMillis((long) (value * 1000));
        }
    }

    /** The command line as picocli reads it; {@link Options#parse} checks it and makes it an {@link Options}. */
    @Command(
            name = "./fapiao bench lifecycle",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Full bill lifecycles through the real services, on the embedded ledger and (--fabric) on a"
                    + " Fabric 3 BFT network, against the crypto ceiling of one lifecycle.")
    static final class Arguments {
        @Option(
                names = "--clients",
                paramLabel = "N,N|none",
                defaultValue = "8,32",
                description = "closed-loop client counts, one run each (default ${DEFAULT-VALUE})")
        String clients;

        @Option(
                names = "--rate",
                paramLabel = "half|R,R",
                description = "open-loop rates in bills/s, and/or half (half the best closed-loop rate; the default)")
        String rate;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "30", description = "measured window per run")
        double seconds;

        @Option(names = "--warmup", paramLabel = "S", defaultValue = "10", description = "warm-up before each window")
        double warmup;

        @Option(
                names = "--drain",
                paramLabel = "S",
                defaultValue = "30",
                description = "how long to wait for the window's bills to finish")
        double drain;

        @Option(
                names = "--hospitals",
                paramLabel = "1-4",
                defaultValue = "4",
                description = "submitters of the development plan, in turn")
        int hospitals;

        @Option(
                names = "--ledger",
                split = ",",
                paramLabel = "L",
                defaultValue = "embedded",
                description = "embedded, fabric, or both in that order: embedded,fabric")
        List<LedgerKind> ledgers;

        @Option(names = "--fabric", description = "the same as --ledger embedded,fabric: both, one run")
        boolean fabric;

        @Option(
                names = "--network",
                paramLabel = "DIR",
                description =
                        "the Fabric network's folder: a network"
                                + " running there is used and left running, otherwise one is started there (default a temporary folder)")
        Path network;

        @Option(
                names = "--network-port-base",
                paramLabel = "N",
                defaultValue = "21000",
                description = "port base of a Fabric network the bench starts (default ${DEFAULT-VALUE})")
        int networkPortBase;

        @Option(
                names = "--attach",
                paramLabel = "HOME",
                description = "measure the platform running from HOME"
                        + " (./fapiao up's .fapiao, or .fapiao-network/platform) instead of starting one")
        Path attach;

        @Option(names = "--url", paramLabel = "HIS_URL", description = "with --attach: the his-adapter's URL")
        String url;

        @Option(names = "--home", paramLabel = "DIR", description = "the platform's folder (default a temporary one)")
        Path home;

        @Option(
                names = "--port-base",
                paramLabel = "N",
                defaultValue = "17000",
                description = "the services' (and embedded node's) port base (default ${DEFAULT-VALUE})")
        int portBase;

        @Option(names = "--keep", description = "leave the platform (and a Fabric network the bench started) running")
        boolean keep;

        @Option(names = "--root", paramLabel = "DIR", defaultValue = ".", description = "the repository's root")
        Path root;

        @Option(
                names = "--results",
                paramLabel = "DIR",
                description = "where the report is appended" + " (default bench-results/)")
        Path results;

        @Option(
                names = "--primitive-millis",
                paramLabel = "MS",
                defaultValue = "1000",
                description = "how long each crypto primitive is timed for the ceiling")
        long primitiveMillis;
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
            String command = ("./fapiao bench lifecycle " + String.join(" ", args)).trim();
            LifecycleComparison reports = run(options, command);
            String markdown = reports.markdown();
            System.out.print(markdown);
            Path file = save(options.results(), markdown);
            System.err.println("bench: report appended to " + file);
            System.exit(0);
        } catch (LifecycleSetupFailed | BenchInterrupted | IOException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            System.err.println("bench: interrupted");
            System.exit(1);
        }
    }

    /** Appends the report to {@code bench-results/lifecycle-<date>.md} (one file a day). */
    static Path save(Path directory, String markdown) throws IOException {
        Files.createDirectories(directory);
        Path file =
                directory.resolve("lifecycle-" + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE) + ".md");
        String heading = "\n## Lifecycle bench, "
                + LocalDateTime.now()
                        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                        .substring(0, 19) + "\n\n";
        Files.writeString(
                file, heading + markdown, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return file;
    }

    /**
     * Measures each ledger's platform in turn (or the one attached to): starts it, runs the loads, and
     * stops what it started.
     */
    public static LifecycleComparison run(Options options, String command)
            throws LifecycleSetupFailed, BenchInterrupted, IOException, InterruptedException {
        List<LifecycleReport> reports = new ArrayList<>();
        if (options.attach() != null) {
            Path home = options.attach().toAbsolutePath().normalize();
            progress("attaching to the platform in " + home);
            Platform platform = Platform.attach(options.root(), home, options.hisUrl());
            reports.add(measure(options, command, platform, loadAverage()));
            return new LifecycleComparison(reports);
        }
        boolean both = options.ledgers().size() > 1;
        for (LedgerKind kind : options.ledgers()) {
            reports.add(kind == LedgerKind.EMBEDDED ? onEmbedded(options, command, both) : onFabric(options, command));
        }
        return new LifecycleComparison(reports);
    }

    private static LifecycleReport onEmbedded(Options options, String command, boolean both)
            throws LifecycleSetupFailed, BenchInterrupted, IOException, InterruptedException {
        String loadBefore = loadAverage();
        boolean temporary = options.home() == null;
        Path home = (temporary
                        ? Files.createTempDirectory("fapiao-lifecycle")
                        : both ? options.home().resolve("embedded") : options.home())
                .toAbsolutePath()
                .normalize();
        progress("starting a platform on the embedded node in " + home + " (port base " + options.portBase() + ")");
        Platform platform = Platform.start(options.root(), home, options.portBase());
        try {
            return measure(options, command, platform, loadBefore);
        } finally {
            stop(options, platform, temporary);
        }
    }

    private static LifecycleReport onFabric(Options options, String command)
            throws LifecycleSetupFailed, BenchInterrupted, IOException, InterruptedException {
        String loadBefore = loadAverage();
        boolean temporaryNetwork = options.network() == null;
        Path network = (temporaryNetwork ? Files.createTempDirectory("fapiao-lifecycle-network") : options.network())
                .toAbsolutePath()
                .normalize();
        boolean networkOurs = !FabricNetwork.runsIn(network);
        if (networkOurs) {
            try {
                FabricNetwork.up(options.root(), network, options.networkPortBase());
            } catch (BenchSetupFailed e) {
                throw new LifecycleSetupFailed(e.getMessage(), null);
            }
        } else {
            progress("using the Fabric network running from " + network);
        }
        boolean temporary = options.home() == null;
        Path home = (temporary
                        ? Files.createTempDirectory("fapiao-lifecycle-fabric")
                        : options.home().resolve("fabric"))
                .toAbsolutePath()
                .normalize();
        try {
            progress("starting the services on it in " + home + " (port base " + options.portBase() + ")");
            Platform platform = Platform.startOnNetwork(options.root(), home, options.portBase(), network);
            try {
                return measure(options, command, platform, loadBefore);
            } finally {
                stop(options, platform, temporary);
            }
        } finally {
            if (networkOurs && !options.keep()) {
                stopNetwork(options, network);
                if (temporaryNetwork) {
                    deleteTree(network);
                }
            } else if (networkOurs) {
                progress("Fabric network left running (--keep): network/fabric.sh down --home " + network);
            }
        }
    }

    private static void stop(Options options, Platform platform, boolean temporary) throws IOException {
        if (!options.keep()) {
            platform.close();
            if (temporary) {
                deleteTree(platform.home());
            }
        } else {
            progress("platform left running (--keep): scripts/platform.sh down --home " + platform.home());
        }
    }

    private static void stopNetwork(Options options, Path network) {
        ShellScript.run(
                options.root(),
                List.of(options.root().resolve("network/fabric.sh").toString(), "down", "--home", network.toString()),
                Duration.ofMinutes(3));
    }

    private static LifecycleReport measure(Options options, String command, Platform platform, String loadBefore)
            throws LifecycleSetupFailed, BenchInterrupted, InterruptedException, IOException {
        HisClient his;
        try {
            his = new HisClient(
                    platform.url(Platform.HIS_ADAPTER),
                    platform.trustAnchors(),
                    platform.client("hospital-his"),
                    platform.client("operator"));
        } catch (io.fapiao.protocol.ProtocolException | IOException e) {
            throw new LifecycleSetupFailed("the platform's clients' keys cannot sign: " + e.getMessage(), e);
        }
        HospitalBills bills = HospitalBills.of(HospitalBills.planHospitals(options.hospitals()), Clock.systemUTC());
        Traces traces = new Traces();
        Map<String, Long> storageBefore = storage(platform);
        List<String> notes = new ArrayList<>();
        try (LedgerWatch watch = LedgerWatch.start(platform.cryptoDirectory(), platform.auditorGateway(), traces)) {
            LifecycleLoad load = new LifecycleLoad(
                    his,
                    bills,
                    traces,
                    () -> sampler(platform, his),
                    options.warmup(),
                    options.window(),
                    options.drain());
            List<LifecycleRun> runs = new ArrayList<>();
            long issued = 0;
            for (int clients : options.clients()) {
                LifecycleRun run = load.closed(clients);
                issued += traces.all().stream().filter(BillTrace::issued).count();
                summary(run);
                runs.add(run);
            }
            List<Double> rates = new ArrayList<>(options.rates());
            if (options.halfRate()) {
                runs.stream()
                        .filter(r -> r.mode().equals("closed"))
                        .mapToDouble(LifecycleRun::issuedPerSecond)
                        .max()
                        .ifPresent(best -> {
                            if (best > 0) {
                                rates.add(best / 2);
                            } else {
                                notes.add("no lifecycle completed in the closed-loop runs, so the open-loop run at half"
                                        + " the saturation rate was skipped");
                            }
                        });
            }
            for (double rate : rates) {
                LifecycleRun run = load.open(rate);
                issued += traces.all().stream().filter(BillTrace::issued).count();
                summary(run);
                runs.add(run);
            }
            double gmShare = bills.hospitals().stream()
                            .filter(h -> platform.suiteOf(h).equals("GM"))
                            .count()
                    / (double) bills.hospitals().size();
            Optional<LifecycleCeiling> ceiling;
            if (platform.network().isPresent()) {
                // The ceiling counts the embedded node's signatures; Fabric's are Go's, on other processes.
                notes.add("the crypto ceiling counts the embedded node's signature work and is not measured on Fabric;"
                        + " compare the two ledgers' lifecycles/s side by side instead");
                ceiling = Optional.empty();
            } else {
                ceiling = ceiling(platform, watch, options.perPrimitive(), gmShare, notes);
            }
            crossCheck(his, traces, notes);
            watch.failure()
                    .ifPresent(e -> notes.add(
                            "the event stream stopped: " + e.getMessage() + " — stages after that are missing"));
            if (traces.foreignEvents() > 0) {
                notes.add(traces.foreignEvents() + " events of bills outside the current run (late events of the run"
                        + " before, or other clients' bills) were skipped");
            }
            runs.stream()
                    .flatMap(r -> r.failures().stream().map(f -> r.label() + ": " + f))
                    .limit(10)
                    .forEach(f -> notes.add("failed bill — " + f));
            Map<String, Long> storageAfter = storage(platform);
            List<StorageFigures.Entry> entries = storageBefore.keySet().stream()
                    .map(k -> new StorageFigures.Entry(k, storageBefore.get(k), storageAfter.get(k)))
                    .toList();
            String platformText = (platform.ours()
                            ? "started by the bench with scripts/platform.sh in " + platform.home()
                            : "already running from " + platform.home())
                    + "; his-adapter " + platform.url(Platform.HIS_ADAPTER)
                    + ", ledger "
                    + platform.network()
                            .map(n -> "the Fabric network in " + n + " (network/fabric.sh: 4 SmartBFT"
                                    + " orderers, 4 peers, MAJORITY endorsement; each service on its organisation's peer, the"
                                    + " his-adapter on " + platform.ledgerEndpoint() + ")")
                            .orElse(platform.ledgerEndpoint() + " (embedded node, TLS)")
                    + ", services on their embedded H2 unless FAPIAO_DATABASE_URL was set";
            String loadText = bills.hospitals().size() + " submitters of the development plan ("
                    + String.join(
                            ", ",
                            bills.hospitals().stream()
                                    .map(h -> h + " " + platform.suiteOf(h))
                                    .toList())
                    + ") in turn; SampleBills.outpatient bills re-dated to now (Bill.reissued), new bill ids"
                    + " every run; warm-up " + options.warmup().toSeconds() + " s, window "
                    + options.window().toSeconds()
                    + " s, drain up to " + options.drain().toSeconds()
                    + " s; stages stamped from the ledger's chaincode"
                    + " events, received as AuditorOrgMSP auditor1";
            return new LifecycleReport(
                    platform.network().isPresent() ? "Fabric" : "embedded",
                    command,
                    machine(loadBefore, loadAverage()),
                    platformText,
                    loadText,
                    runs,
                    ceiling,
                    new StorageFigures(entries, issued),
                    notes);
        }
    }

    private static void summary(LifecycleRun run) {
        progress(String.format(
                java.util.Locale.ROOT,
                "%s: %.1f lifecycles/s, p99 issued %.0f ms, %d rejected," + " %d refused, %d unfinished",
                run.label(),
                run.issuedPerSecond(),
                run.latency(Stage.ISSUED).p99Micros() / 1000.0,
                run.rejected(),
                run.refused(),
                run.unfinished()));
    }

    private static ResourceSampler sampler(Platform platform, HisClient http) {
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, Function<String, OptionalDouble>> heaps = new LinkedHashMap<>();
        pids.putAll(platform.ledgerProcesses());
        for (String process : Platform.SERVICES) {
            platform.pid(process).ifPresent(pid -> pids.put(process, pid));
            heaps.put(process, LifecycleLoad.actuatorHeap(http, platform.url(process)));
        }
        pids.put("generator", ProcessHandle.current().pid());
        heaps.put(
                "generator",
                name -> OptionalDouble.of(Runtime.getRuntime().totalMemory()
                        - Runtime.getRuntime().freeMemory()));
        return ResourceSampler.start(pids, heaps);
    }

    private static Map<String, Long> storage(Platform platform) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (String process : Platform.PROCESSES) {
            bytes.put(process, platform.dataBytes(process));
        }
        return bytes;
    }

    /** The ceiling over transactions of this run; empty (with a note) when no lifecycle completed. */
    private static Optional<LifecycleCeiling> ceiling(
            Platform platform, LedgerWatch watch, Duration perPrimitive, double gmShare, List<String> notes)
            throws BenchInterrupted, IOException {
        Optional<LedgerWatch.Sample> submit = watch.sample("BillSubmitted");
        Optional<LedgerWatch.Sample> verify = watch.sample("BillVerified");
        Optional<LedgerWatch.Sample> issue = watch.sample("InvoiceIssued");
        if (submit.isEmpty() || verify.isEmpty() || issue.isEmpty()) {
            notes.add("no complete lifecycle was seen, so the crypto ceiling was not measured");
            return Optional.empty();
        }
        progress("timing the crypto primitives of one lifecycle");
        List<TransactionShape> shapes = new ArrayList<>();
        for (LedgerWatch.Sample sample : List.of(submit.get(), verify.get(), issue.get())) {
            Block block = watch.block(sample.blockNumber());
            shapes.add(TransactionShape.of(block, sample.transactionId()));
        }
        // Blocks also hold other transactions (governance, number ranges); only the bills' count here.
        double perBlock = watch.transactionsPerBlock();
        try {
            Consortium consortium = Consortium.load(platform.cryptoDirectory());
            LifecycleCeiling.Parties parties = new LifecycleCeiling.Parties(
                    identity(consortium.user(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1")),
                    identity(consortium.user(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1")),
                    identity(consortium.user(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1")),
                    consortium.peer());
            LifecycleCeiling.Shapes sizes =
                    new LifecycleCeiling.Shapes(shapes.get(0), shapes.get(1), shapes.get(2), perBlock);
            // The generator's JVM has done little crypto so far: a short pass compiles every primitive
            // first, or the ones timed first would be timed half-interpreted.
            LifecycleCeiling.measure(parties, sizes, Rates.onAllCores(perPrimitive.dividedBy(5)), gmShare);
            return Optional.of(LifecycleCeiling.measure(parties, sizes, Rates.onAllCores(perPrimitive), gmShare));
        } catch (ConsortiumUnavailable | ProtocolException e) {
            notes.add("the crypto ceiling could not be measured: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Identity identity(SigningIdentity who) {
        return new Identity(who.certificate(), who.privateKey());
    }

    /** Asks the his-adapter about a few issued bills: its own view must have caught up (ISSUED). */
    private static void crossCheck(HisClient his, Traces traces, List<String> notes) throws InterruptedException {
        List<BillTrace> sample = traces.all().stream()
                .filter(BillTrace::issued)
                .sorted(Comparator.comparing(BillTrace::billKey))
                .limit(10)
                .toList();
        if (sample.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int agree = 0;
        List<String> disagree = new ArrayList<>();
        for (BillTrace trace : sample) {
            Optional<String> status = his.status(trace.billKey());
            while (!status.equals(Optional.of("ISSUED")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                status = his.status(trace.billKey());
            }
            if (status.equals(Optional.of("ISSUED"))) {
                agree++;
            } else {
                disagree.add(trace.billKey() + " " + status.orElse("unknown"));
            }
        }
        notes.add("cross-check: GET /v1/bills/{key} on the his-adapter says ISSUED for " + agree + " of "
                + sample.size() + " bills the ledger's events showed issued"
                + (disagree.isEmpty() ? "" : " (not: " + String.join(", ", disagree) + ")"));
    }

    private static String machine(String loadBefore, String loadAfter) {
        return Runtime.getRuntime().availableProcessors() + " cores, " + memoryTotal() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.runtime.version") + ", " + java.time.LocalDate.now()
                + "; load average (1 min) " + loadBefore + " before, " + loadAfter + " after";
    }

    private static String memoryTotal() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:"))
                    .findFirst()
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0) + " GiB")
                    .orElse("memory unknown");
        } catch (IOException | RuntimeException e) {
            return "memory unknown";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static void progress(String message) {
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
