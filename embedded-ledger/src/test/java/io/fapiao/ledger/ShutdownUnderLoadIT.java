package io.fapiao.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.ledger.node.LedgerNode;
import io.fapiao.ledger.node.LedgerVerifier;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the in-process node again and again while clients submit, wait for commit status, evaluate
 * range and history queries and follow block events, then checks that the node restarts on the same
 * data directory without cutting a torn block or replaying blocks into the state, every block
 * re-verifies, every transaction a client saw VALID is in the ledger, and that the stop never logged
 * a store error (a RocksDB handle used during or after its close crashed the JVM before the fix).
 */
class ShutdownUnderLoadIT {

    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    @Test
    void stoppingUnderLoadLosesNothingAndNeverTouchesAClosedStore() throws Exception {
        TestNetwork network = new TestNetwork(dir.resolve("crypto"));
        Path data = dir.resolve("data");
        ConcurrentLinkedQueue<String> reportedValid = new ConcurrentLinkedQueue<>();
        ProblemLog problems = ProblemLog.attach();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                runRound(network, data, round, reportedValid);
            }
        } finally {
            problems.detach();
        }
        assertThat(problems.records())
                .as("errors logged while stopping under load")
                .isEmpty();
        assertThat(reportedValid)
                .as("transactions reported VALID over all rounds")
                .isNotEmpty();

        LedgerVerifier.Report report = LedgerVerifier.verify(data, network.orderer.serialized());
        assertThat(report.problems()).isEmpty();
        try (LedgerNode node = network.start(data)) {
            for (String txId : reportedValid) {
                assertThat(node.ledger().transaction(txId))
                        .as(txId)
                        .hasValueSatisfying(at -> assertThat(at.code()).isEqualTo(TxValidationCode.VALID));
            }
        }
    }

    private static void runRound(TestNetwork network, Path data, int round, ConcurrentLinkedQueue<String> reportedValid)
            throws Exception {
        LedgerNode node = network.start(data);
        // The previous stop was clean: no torn block to cut off, no state behind the blocks.
        assertThat(node.ledger().truncatedBytes())
                .as("torn bytes after stop %d", round)
                .isZero();
        assertThat(node.ledger().replayedBlocks())
                .as("blocks replayed after stop %d", round)
                .isZero();
        ManagedChannel channel = network.channel(node);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try (Gateway gateway = network.gateway(channel, network.client, TestNetwork.MSP)) {
            Network fapiao = gateway.getNetwork("fapiao");
            Contract contract = fapiao.getContract("fapiao", "ledgertest");
            for (int c = 0; c < 3; c++) {
                String prefix = "r" + round + "c" + c + "-";
                clients.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        try {
                            var tx = contract.newProposal("Put")
                                    .addArguments(prefix + i, "v" + i)
                                    .build()
                                    .endorse()
                                    .submitAsync();
                            if (tx.getStatus().getCode() == TxValidationCode.VALID) {
                                reportedValid.add(tx.getTransactionId());
                                committed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            // the node is stopping: what was not reported VALID may or may not be committed
                        }
                    }
                });
            }
            for (int c = 0; c < 3; c++) {
                String function = c == 0 ? "Range" : c == 1 ? "History" : "Get";
                clients.submit(() -> {
                    while (running.get()) {
                        try {
                            if (function.equals("Range")) {
                                contract.evaluateTransaction("Range", "", "");
                            } else {
                                contract.evaluateTransaction(function, "r0c0-1");
                            }
                            reads.incrementAndGet();
                        } catch (Exception e) {
                            // refused or cut off by the stop
                        }
                    }
                });
            }
            // A query still running when the node stops: it outlasts every grace period of the stop.
            clients.submit(() -> {
                while (running.get()) {
                    try {
                        contract.evaluateTransaction("SlowReads", "r0c0-1", "50", "100");
                    } catch (Exception e) {
                        // cut off by the stop
                    }
                }
            });
            clients.submit(() -> {
                while (running.get()) {
                    try (CloseableIterator<Block> blocks =
                            fapiao.newBlockEventsRequest().startBlock(0).build().getEvents()) {
                        while (running.get() && blocks.hasNext()) {
                            blocks.next();
                        }
                    } catch (Exception e) {
                        // the stream ends when the node stops
                    }
                }
            });
            // Stop while commits and reads are in full flow, not before they start.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((committed.get() < 20 || reads.get() < 20) && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            node.close();
            running.set(false);
        } finally {
            running.set(false);
            clients.shutdown();
            if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
                clients.shutdownNow();
            }
            channel.shutdownNow();
            channel.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Collects warnings and errors from the node's and gRPC's loggers while the test runs. */
    private static final class ProblemLog extends Handler {
        private static final List<Logger> WATCHED = List.of(Logger.getLogger("io.fapiao"), Logger.getLogger("io.grpc"));
        private final ConcurrentLinkedQueue<String> records = new ConcurrentLinkedQueue<>();

        static ProblemLog attach() {
            ProblemLog log = new ProblemLog();
            log.setLevel(Level.WARNING);
            WATCHED.forEach(l -> l.addHandler(log));
            return log;
        }

        void detach() {
            WATCHED.forEach(l -> l.removeHandler(this));
        }

        List<String> records() {
            return new ArrayList<>(records);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() < Level.WARNING.intValue()) {
                return;
            }
            StringWriter text = new StringWriter();
            text.append(record.getLevel().getName())
                    .append(' ')
                    .append(record.getLoggerName())
                    .append(": ")
                    .append(String.valueOf(record.getMessage()));
            if (record.getThrown() != null) {
                text.append('\n');
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            records.add(text.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
