package io.fapiao.ledger.client;

import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumUnavailable;
import io.fapiao.ledger.node.LedgerMain;
import io.fapiao.ledger.node.LedgerNode;
import io.fapiao.ledger.node.NodeIdentities;
import io.fapiao.ledger.node.NodeSettings;
import io.fapiao.ledger.ordering.BlockCutting;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A real embedded ledger node on loopback, TLS on, trusting a generated development consortium:
 * what the ledger-client tests talk to. It can be stopped and started again on the same data
 * directory and port, as an operator restarting the node would.
 *
 * <pre>{@code
 * Consortium consortium = ConsortiumGenerator.openOrCreate(dir.resolve("crypto"));
 * try (EmbeddedNode node = EmbeddedNode.start(consortium, dir.resolve("data"));
 *      Ledger ledger = Ledger.connect(node.settings("HospitalOrgMSP", "hospital1").build())) { ... }
 * }</pre>
 */
final class EmbeddedNode implements AutoCloseable {

    /** Long enough that concurrently endorsed transactions share a block and can conflict. */
    static final Duration BATCH_TIMEOUT = Duration.ofMillis(100);

    private final Consortium consortium;
    private final NodeIdentities identities;
    private final Path dataDir;
    private int port;
    private LedgerNode node;

    private EmbeddedNode(Consortium consortium, Path dataDir) throws IOException, ConsortiumUnavailable {
        this.consortium = consortium;
        this.identities = LedgerMain.identities(consortium);
        this.dataDir = dataDir;
    }

    static EmbeddedNode start(Consortium consortium, Path dataDir) throws IOException, ConsortiumUnavailable {
        EmbeddedNode node = new EmbeddedNode(consortium, dataDir);
        node.startAgain();
        return node;
    }

    /** Starts the node on the data directory and port it had (a fresh port the first time). */
    void startAgain() throws IOException {
        if (node != null) {
            throw new IllegalStateException("already running");
        }
        NodeSettings settings = NodeSettings.defaults(dataDir)
                .withListenAddress("127.0.0.1")
                .withPort(port)
                .withBlockCutting(new BlockCutting(10, 1024 * 1024, 4 * 1024 * 1024, BATCH_TIMEOUT));
        for (int attempt = 1; ; attempt++) {
            try {
                node = LedgerNode.start(settings, identities);
                port = node.port();
                return;
            } catch (IOException e) {
                // The old listening socket may linger for a moment after a stop.
                if (!(rootCause(e) instanceof BindException) || attempt == 50) {
                    throw e;
                }
                sleep(Duration.ofMillis(100));
            }
        }
    }

    /** Stops the node as an operator would; blocks already committed stay on disk. */
    void stop() throws IOException {
        node.close();
        node = null;
    }

    int port() {
        return port;
    }

    io.fapiao.ledger.commit.ChannelLedger ledger() {
        return node.ledger();
    }

    /** Settings for {@code user} of {@code mspId}, all read from the consortium's MSP folders. */
    LedgerSettings.Builder settings(String mspId, String user) throws IOException, ConsortiumUnavailable {
        Path msp = consortium.userDirectory(mspId, user);
        return LedgerSettings.builder()
                .endpoint("localhost:" + port)
                .tlsRootCertificate(consortium.tls().rootCertificate())
                .mspId(mspId)
                .certificate(onlyFile(msp.resolve("signcerts")))
                .privateKey(onlyFile(msp.resolve("keystore")));
    }

    static Path onlyFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.reduce((a, b) -> {
                        throw new IllegalStateException("more than one file in " + folder);
                    })
                    .orElseThrow(() -> new IllegalStateException("no file in " + folder));
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (node != null) {
            stop();
        }
    }
}
