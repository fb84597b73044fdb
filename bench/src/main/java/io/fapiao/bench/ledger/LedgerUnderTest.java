package io.fapiao.bench.ledger;

import io.fapiao.ledger.client.Committed;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ledger the bench drives, set up as deployed and reached through the Fabric Gateway protocol with
 * the unmodified client: the embedded node ({@link EmbeddedNetwork}) or a Hyperledger Fabric network
 * ({@link FabricNetwork}). The same workloads run on either, so that their figures stand side by side.
 *
 * <pre>{@code
 * try (LedgerUnderTest ledger = EmbeddedNetwork.start(dataDir, 64)) {
 *     RunFigures run = new ClosedLoop(ledger, warmup, window).run(Workload.PUT_STATE, 8, 400.0);
 * }
 * }</pre>
 */
public interface LedgerUnderTest extends AutoCloseable {

    /** Its short name in tables: {@code embedded} or {@code Fabric}. */
    String name();

    /** What runs and how it is set up, one sentence for the report. */
    String description();

    /** Registered submitters, each with its own gateway connection(s). */
    List<Submitter> submitters();

    /** Who the bench's bills are sealed for: FinanceOrg's verifier, as a hospital would. */
    List<X509Certificate> recipients();

    /** The sizes of the messages signed for {@code committed}, read back from its block. */
    TransactionShape shape(Committed committed) throws IOException;

    /** The processes doing the ledger's work, whose CPU each run samples: name → pid (the bench's own included). */
    Map<String, Long> processes();

    /**
     * The signature ceiling of one committed transaction of {@code workload} on this ledger, each
     * primitive timed for {@code perPrimitive}; empty where the bench cannot count it.
     */
    Optional<CryptoCeiling> ceiling(Workload workload, TransactionShape shape, Duration perPrimitive)
            throws BenchInterrupted;

    @Override
    void close() throws IOException;
}
