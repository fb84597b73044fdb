package io.fapiao.ledger.node;

import io.fapiao.ledger.block.Organization;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumGenerator;
import io.fapiao.ledger.consortium.ConsortiumUnavailable;
import io.fapiao.ledger.consortium.Organisation;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fapiao-ledger run} starts the node (creating the development consortium and the genesis
 * block on an empty data directory); {@code fapiao-ledger verify} re-checks a stopped node's blocks
 * and state and exits non-zero listing every difference.
 *
 * <pre>{@code
 * java -jar embedded-ledger/target/fapiao-ledger.jar run --config ledger.yaml
 * FAPIAO_LEDGER_PORT=7151 java -jar fapiao-ledger.jar run
 * java -jar fapiao-ledger.jar verify --config ledger.yaml
 * java -jar fapiao-ledger.jar consortium --network .fapiao-network/crypto
 * }</pre>
 */
@Command(
        name = "fapiao-ledger",
        mixinStandardHelpOptions = true,
        subcommands = {LedgerMain.Run.class, LedgerMain.Verify.class, LedgerMain.GenerateConsortium.class},
        description = "The Fapiao embedded ledger node (Fabric Gateway protocol).")
public final class LedgerMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LedgerMain()).execute(args));
    }

    abstract static class Configured {
        @Option(
                names = "--config",
                description = "settings file (YAML); environment variables FAPIAO_LEDGER_* override it")
        Path config;

        NodeSettings settings() throws IOException {
            Path file = config;
            if (file == null && Files.exists(Path.of("ledger.yaml"))) {
                file = Path.of("ledger.yaml");
            }
            return NodeConfig.load(file, System.getenv());
        }

        Path cryptoDir(NodeSettings settings) throws IOException {
            String configured = NodeConfig.values(config, System.getenv()).get("crypto-dir");
            return configured.isEmpty() ? settings.dataDir().resolve("crypto") : Path.of(configured);
        }
    }

    @Command(name = "run", description = "Start the node and serve until stopped.")
    static final class Run extends Configured implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            NodeSettings settings = settings();
            Consortium consortium = ConsortiumGenerator.openOrCreate(cryptoDir(settings));
            LedgerNode node = LedgerNode.start(settings, identities(consortium));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    node.close();
                                } catch (IOException e) {
                                    System.err.println("error while stopping: " + e.getMessage());
                                }
                                stopped.countDown();
                            },
                            "fapiao-ledger-stop"));
            System.out.println(
                    "fapiao-ledger listening on " + settings.listenAddress() + ":" + node.port() + " channel="
                            + settings.channel() + " height=" + node.ledger().height());
            stopped.await();
            return 0;
        }
    }

    @Command(name = "verify", description = "Re-check block hashes, the hash chain, orderer signatures, and the state.")
    static final class Verify extends Configured implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            NodeSettings settings = settings();
            Path crypto = cryptoDir(settings);
            var orderer = Files.isDirectory(crypto)
                    ? Consortium.load(crypto).orderer().serialized()
                    : null;
            LedgerVerifier.Report report =
                    LedgerVerifier.verify(settings.dataDir(), orderer, settings.channel(), settings.chaincodeName());
            report.problems().forEach(p -> System.out.println("FAIL " + p));
            System.out.println(report.blocks() + " blocks, " + report.stateEntries() + " state entries checked, "
                    + report.problems().size() + " problem(s)");
            return report.problems().isEmpty() ? 0 : 1;
        }
    }

    @Command(
            name = "consortium",
            description = "Generate the development consortium's MSP folders in an empty folder "
                    + "(with --network: a peer and an orderer for every organisation, for network/fabric.sh).")
    static final class GenerateConsortium implements Callable<Integer> {
        @CommandLine.Parameters(index = "0", description = "the folder to create (missing or empty)")
        Path directory;

        @Option(
                names = "--network",
                description = "shape it for a Fabric network: peer0 and orderer0 in every organisation")
        boolean network;

        @Option(
                names = "--add-hospital",
                paramLabel = "NAME:DOMAIN",
                description = "add a hospital organisation (Admin, hospital1, peer0) to an existing consortium, "
                        + "e.g. Hospital2Org:hospital2.fapiao.local")
        String addHospital;

        @Override
        public Integer call() throws Exception {
            Consortium consortium;
            if (addHospital != null) {
                String[] parts = addHospital.split(":", 2);
                if (parts.length != 2
                        || !parts[0].matches("[A-Za-z][A-Za-z0-9]{0,40}")
                        || !parts[1].matches("[a-z0-9]([a-z0-9.-]{0,200}[a-z0-9])?")) {
                    System.err.println("--add-hospital wants NAME:DOMAIN, e.g. Hospital2Org:hospital2.fapiao.local");
                    return 2;
                }
                consortium = ConsortiumGenerator.addOrganisation(
                        Consortium.load(directory),
                        io.fapiao.ledger.consortium.DevelopmentConsortium.joiningHospital(parts[0], parts[1]));
            } else {
                consortium = network
                        ? ConsortiumGenerator.createForNetwork(directory)
                        : ConsortiumGenerator.openOrCreate(directory);
            }
            System.out.println("consortium in " + consortium.directory() + ": "
                    + consortium.organisations().stream()
                            .map(Organisation::mspId)
                            .toList());
            return 0;
        }
    }

    /** The node's identities and genesis organisations from the consortium's MSP folders. */
    public static NodeIdentities identities(Consortium consortium) throws ConsortiumUnavailable, IOException {
        List<Organization> orgs = new ArrayList<>();
        for (Organisation org : consortium.organisations()) {
            var ca = consortium.certificateAuthority(org.mspId()).certificate();
            List<java.security.cert.X509Certificate> tlsRoots = new ArrayList<>();
            if (org.mspId().equals(consortium.peer().mspId())) {
                try {
                    tlsRoots.add(
                            Pem.certificate(Files.readString(consortium.tls().rootCertificate())));
                } catch (ProtocolException e) {
                    throw new IOException("unreadable TLS root certificate: " + e.getMessage(), e);
                }
            }
            orgs.add(new Organization(org.mspId(), List.of(ca), tlsRoots));
        }
        return new NodeIdentities(
                consortium.membership(),
                consortium.peer(),
                consortium.orderer(),
                orgs,
                consortium.tls().certificateChain(),
                consortium.tls().privateKey());
    }
}
