package io.fapiao.ledger.execution;

import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The contracts on the classpath, run in-process through the Fabric contract API's own router
 * ({@link ContractRouter}): routing, argument conversion, serialisation and error responses are the
 * library's, exactly as when the contract runs as chaincode beside a Fabric peer. Only the transport
 * differs: instead of a gRPC stream to a peer, the router is handed a {@link SimulatedStub}.
 *
 * <pre>{@code
 * ContractRuntime runtime = ContractRuntime.load("fapiao");
 * Chaincode.Response response = runtime.invoke(stub);
 * }</pre>
 */
public final class ContractRuntime {

    // Held so the levels set below survive (java.util.logging keeps loggers weakly).
    private static final List<Logger> QUIET = List.of(
            Logger.getLogger("org.hyperledger"),
            Logger.getLogger("org.hyperledger.fabric"),
            Logger.getLogger("org.hyperledger.fabric.shim"),
            Logger.getLogger("org.hyperledger.fabric.contract"),
            Logger.getLogger("org.hyperledger.fabric.metrics"),
            Logger.getLogger("org.hyperledger.fabric.traces"));

    private final ContractRouter router;

    private ContractRuntime(ContractRouter router) {
        this.router = router;
    }

    /** Finds every {@code @Contract} on the classpath and builds the router's metadata. */
    public static ContractRuntime load(String chaincodeName) {
        // The router logs every invocation at INFO; a ledger node serving thousands per second must not.
        // Its constructor sets its own levels, so they are set again after it.
        Level level = Level.parse(System.getProperty("fapiao.ledger.contractLogLevel", "WARNING"));
        QUIET.forEach(logger -> logger.setLevel(level));
        ContractRouter router = new ContractRouter(new String[] {"--id", chaincodeName});
        QUIET.forEach(logger -> logger.setLevel(level));
        try {
            // The public way to make the router scan for contracts without starting its own transport.
            router.startRouterWithChaincodeServer(new InProcess());
        } catch (IOException e) {
            throw new IllegalStateException("cannot load the contracts: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the contracts", e);
        }
        return new ContractRuntime(router);
    }

    public Chaincode.Response invoke(ChaincodeStub stub) {
        return router.invoke(stub);
    }

    /** No transport: the node calls the router directly. */
    private static final class InProcess implements ChaincodeServer {
        @Override
        public void start() {
            // nothing to listen on
        }

        @Override
        public void stop() {
            // nothing to stop
        }
    }
}
