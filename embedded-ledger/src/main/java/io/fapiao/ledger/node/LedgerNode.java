package io.fapiao.ledger.node;

import io.fapiao.ledger.auth.Authenticator;
import io.fapiao.ledger.block.BlockSigner;
import io.fapiao.ledger.block.ChannelGenesis;
import io.fapiao.ledger.commit.ChannelLedger;
import io.fapiao.ledger.commit.TransactionValidator;
import io.fapiao.ledger.endorser.Endorser;
import io.fapiao.ledger.execution.ContractRuntime;
import io.fapiao.ledger.gateway.DeliverService;
import io.fapiao.ledger.gateway.GatewayService;
import io.fapiao.ledger.gateway.RpcErrors;
import io.fapiao.ledger.gateway.UnavailableWhenStopped;
import io.fapiao.ledger.ordering.BlockCutting;
import io.fapiao.ledger.ordering.OrderingService;
import io.fapiao.ledger.scc.LedgerQueries;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A single-process ledger node: Fabric's Gateway and Deliver gRPC services in front of an endorser
 * running the contracts in-process, one orderer thread cutting signed, hash-chained blocks, and a
 * committer that validates them and keeps the state, key history and transaction index.
 *
 * <pre>{@code
 * try (LedgerNode node = LedgerNode.start(NodeSettings.defaults(dir), identities)) {
 *     int port = node.port();
 *     ...
 * }
 * }</pre>
 */
public final class LedgerNode implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LedgerNode.class.getName());
    /** How long a stop waits for each stage: in-flight calls, cancelled streams, handler threads. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final NodeSettings settings;
    private final ChannelLedger ledger;
    private final OrderingService orderer;
    private final DeliverService deliver;
    private final Server server;
    private final ExecutorService handlers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LedgerNode(
            NodeSettings settings,
            ChannelLedger ledger,
            OrderingService orderer,
            DeliverService deliver,
            Server server,
            ExecutorService handlers) {
        this.settings = settings;
        this.ledger = ledger;
        this.orderer = orderer;
        this.deliver = deliver;
        this.server = server;
        this.handlers = handlers;
    }

    public static LedgerNode start(NodeSettings settings, NodeIdentities ids) throws IOException {
        Authenticator authenticator = new Authenticator(ids.membership(), Clock.systemUTC());
        TransactionValidator validator = new TransactionValidator(
                settings.channel(),
                settings.chaincodeName(),
                authenticator,
                ids.peer().serialized());
        BlockCutting cutting = settings.blockCutting();
        ChannelLedger ledger = ChannelLedger.open(
                settings.dataDir(),
                validator,
                new BlockSigner(ids.orderer()),
                () -> ChannelGenesis.transaction(
                        settings.channel(),
                        ids.organizations(),
                        ids.orderer(),
                        cutting.maxMessageCount(),
                        cutting.absoluteMaxBytes(),
                        cutting.preferredMaxBytes(),
                        cutting.batchTimeout().toMillis() + "ms"));
        if (ledger.truncatedBytes() > 0) {
            LOG.warning("cut off a torn tail of " + ledger.truncatedBytes() + " bytes from the block file");
        }
        OrderingService orderer = new OrderingService(ledger, cutting);
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        DeliverService deliver = new DeliverService(settings.channel(), ledger, authenticator);
        try {
            ContractRuntime runtime = ContractRuntime.load(settings.chaincodeName());
            Endorser endorser = new Endorser(
                    settings.channel(),
                    settings.chaincodeName(),
                    settings.chaincodeVersion(),
                    authenticator,
                    ids.peer(),
                    ledger.state(),
                    runtime,
                    new LedgerQueries(settings.channel(), ledger));
            orderer.start();
            String advertised = (settings.listenAddress().equals("0.0.0.0") ? "localhost" : settings.listenAddress())
                    + ":" + settings.port();
            GatewayService gateway = new GatewayService(
                    settings.channel(),
                    settings.chaincodeName(),
                    endorser,
                    orderer,
                    ledger,
                    authenticator,
                    new RpcErrors.NodeAddress(advertised, ids.peer().mspId()));
            ServerCredentials credentials = settings.tls()
                    ? TlsServerCredentials.create(
                            ids.tlsCertificateChain().toFile(),
                            ids.tlsPrivateKey().toFile())
                    : InsecureServerCredentials.create();
            Server server = NettyServerBuilder.forAddress(
                            new InetSocketAddress(settings.listenAddress(), settings.port()), credentials)
                    .executor(handlers)
                    .addService(ServerInterceptors.intercept(gateway, new UnavailableWhenStopped()))
                    .addService(deliver)
                    .maxInboundMessageSize(cutting.absoluteMaxBytes() + 1024 * 1024)
                    .build()
                    .start();
            LOG.info("ledger node serving channel " + settings.channel() + " on port " + server.getPort()
                    + (settings.tls() ? " (TLS)" : " (plaintext)") + ", height " + ledger.height());
            return new LedgerNode(settings, ledger, orderer, deliver, server, handlers);
        } catch (IOException | RuntimeException e) {
            try {
                orderer.close();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            // nothing was served yet, so nothing can be inside the stores
            handlers.shutdown();
            try {
                deliver.shutdown(Duration.ZERO);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            ledger.close();
            throw e;
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getPort();
    }

    public ChannelLedger ledger() {
        return ledger;
    }

    public NodeSettings settings() {
        return settings;
    }

    /**
     * Stops taking requests, commits what was already submitted, lets in-flight calls finish (up to
     * a grace period each stage), cancels the rest, and closes the stores last. A call still running
     * after that gets {@code UNAVAILABLE} from its next state read; none ever touches a closed
     * RocksDB handle (see {@link io.fapiao.ledger.state.StateStore}). Closing twice does nothing, so
     * the JVM shutdown hook and an explicit close may both run.
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.shutdown();
        try {
            // Every envelope accepted before the server stopped is committed: the orderer drains.
            orderer.close();
            server.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            // Open event streams outlive a graceful shutdown; cancelling them runs their close
            // listeners on the handler executor, which must still be up until they have run.
            server.shutdownNow();
            server.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            // Wait for handler threads instead of interrupting them: an interrupt does not stop a
            // RocksDB call, and one landing in a block-file read closes the file channel. Cancelled
            // streams notice within one poll; a contract that runs longer meets the closed store.
            handlers.shutdown();
            boolean handlersDone = handlers.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            boolean deliverDone = deliver.shutdown(GRACE);
            if (!handlersDone || !deliverDone) {
                LOG.info("stopping with calls still running; they will be answered UNAVAILABLE");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
            handlers.shutdown();
        }
        // The state store waits for any call inside RocksDB and releases what is still open.
        ledger.close();
    }
}
