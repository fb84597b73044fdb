package io.fapiao.chaincode.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/**
 * Serves the Fapiao contract as a chaincode service (chaincode-as-a-service): a gRPC server that a
 * Fabric peer connects to, configured from the environment ({@link ServiceSettings}). The peer opens the
 * {@code Chaincode.Connect} stream; the shim registers, and then runs each transaction the peer sends.
 *
 * <pre>{@code
 * CHAINCODE_SERVER_ADDRESS=0.0.0.0:9999 CHAINCODE_ID=fapiao_1.0:abc CHAINCODE_TLS_DISABLED=true \
 *     java -jar chaincode/target/fapiao-chaincode.jar
 * }</pre>
 */
public final class ChaincodeService {
    private static final ChaincodeServer NOT_SERVING = new ChaincodeServer() {
        @Override
        public void start() {}

        @Override
        public void stop() {}
    };

    /**
     * The shim's and the contract router's loggers. The router logs three lines at INFO for every
     * transaction; at a few hundred transactions a second that is a share of the service's CPU worth
     * having back (docs/benchmarks.md, "Where Fabric's CPU goes"), so they are set to WARNING unless
     * {@code CORE_CHAINCODE_LOGGING_LEVEL} (the shim's own variable) asks for another level, as the
     * embedded node does for the same router. Held so the levels survive (java.util.logging keeps
     * loggers weakly).
     */
    private static final List<Logger> SHIM_LOGGERS = List.of(
            Logger.getLogger("org.hyperledger"),
            Logger.getLogger("org.hyperledger.fabric"),
            Logger.getLogger("org.hyperledger.fabric.shim"),
            Logger.getLogger("org.hyperledger.fabric.contract"),
            Logger.getLogger("org.hyperledger.fabric.metrics"),
            Logger.getLogger("org.hyperledger.fabric.traces"));

    private ChaincodeService() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> environment = System.getenv();
        if (ServiceSettings.PEER_CLIENT_VARIABLES.stream().anyMatch(environment::containsKey)) {
            System.exit(withoutPeerClientVariables(args));
            return;
        }
        ServiceSettings settings;
        try {
            settings = ServiceSettings.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("fapiao chaincode: " + e.getMessage());
            System.exit(2);
            return;
        }
        ContractRouter router = newRouter(settings.chaincodeId());
        System.err.println("fapiao chaincode " + settings.chaincodeId() + " listening on " + settings.address()
                + (settings.tls()
                        ? " (TLS" + (settings.clientCaFile() == null ? ")" : ", client certificates required)")
                        : " (plaintext)"));
        // Scans the classpath for the contract, builds its metadata, then serves until the JVM stops.
        router.startRouterWithChaincodeServer(new NettyChaincodeServer(router, settings.serverProperties()));
    }

    /**
     * Runs this service again as a child JVM whose environment lacks the peer's client variables, since
     * the shim reads them straight from the process environment, which Java cannot change. Returns the
     * child's exit code; stopping this process stops the child.
     */
    private static int withoutPeerClientVariables(String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChaincodeService.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        List<String> dropped = ServiceSettings.PEER_CLIENT_VARIABLES.stream()
                .filter(builder.environment()::containsKey)
                .toList();
        dropped.forEach(builder.environment()::remove);
        System.err.println(
                "fapiao chaincode: ignoring a peer's client settings " + dropped + " in this service's environment");
        Process child = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy, "fapiao-chaincode-stop"));
        return child.waitFor();
    }

    /**
     * A contract router with the contracts on the classpath registered, ready for
     * {@link ContractRouter#invoke}, for hosts that run the contract in-process (the embedded ledger).
     */
    public static ContractRouter router(String chaincodeId) {
        ContractRouter router = newRouter(chaincodeId);
        try {
            router.startRouterWithChaincodeServer(NOT_SERVING);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("the contract router could not start", e);
        }
        return router;
    }

    private static ContractRouter newRouter(String chaincodeId) {
        // The id is passed as the shim's -i option so that CHAINCODE_ID works where the shim only
        // reads CORE_CHAINCODE_ID_NAME.
        ContractRouter router = new ContractRouter(new String[] {"-i", chaincodeId});
        // The router's constructor sets the shim's levels; these are set after it.
        Level level = logLevel(System.getenv("CORE_CHAINCODE_LOGGING_LEVEL"));
        SHIM_LOGGERS.forEach(logger -> logger.setLevel(level));
        return router;
    }

    /** The shim's level names (Fabric's: DEBUG, INFO, WARNING, ERROR, CRITICAL) as java.util.logging levels. */
    static Level logLevel(String name) {
        if (name == null || name.isBlank()) {
            return Level.WARNING;
        }
        return switch (name.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "DEBUG" -> Level.FINEST;
            case "INFO", "NOTICE" -> Level.INFO;
            case "ERROR", "CRITICAL" -> Level.SEVERE;
            default -> Level.WARNING;
        };
    }
}
