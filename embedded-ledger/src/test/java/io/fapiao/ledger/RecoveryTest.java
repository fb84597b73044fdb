package io.fapiao.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.ledger.node.LedgerNode;
import io.fapiao.ledger.node.LedgerVerifier;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart on the same data directory: state, history and index survive; torn tails and lost state recover. */
class RecoveryTest {

    @TempDir
    Path dir;

    @Test
    void restartKeepsStateAndHistory() throws Exception {
        TestNetwork network = new TestNetwork(dir.resolve("crypto"));
        Path data = dir.resolve("data");
        String history;
        long height;
        try (LedgerNode node = network.start(data)) {
            history = withContract(network, node, c -> {
                c.submitTransaction("Put", "k", "1");
                c.submitTransaction("Put", "k", "2");
                return new String(c.evaluateTransaction("History", "k"), UTF_8);
            });
            height = node.ledger().height();
        }
        try (LedgerNode node = network.start(data)) {
            assertThat(node.ledger().height()).isEqualTo(height);
            assertThat(node.ledger().replayedBlocks()).isZero();
            String after = withContract(network, node, c -> {
                assertThat(new String(c.evaluateTransaction("Get", "k"), UTF_8)).isEqualTo("2");
                return new String(c.evaluateTransaction("History", "k"), UTF_8);
            });
            assertThat(after).isEqualTo(history);
        }
        assertThat(LedgerVerifier.verify(data, network.orderer.serialized()).problems())
                .isEmpty();
    }

    @Test
    void tornTailIsCutOffAndLedgerContinues() throws Exception {
        TestNetwork network = new TestNetwork(dir.resolve("crypto"));
        Path data = dir.resolve("data");
        long height;
        try (LedgerNode node = network.start(data)) {
            withContract(network, node, c -> c.submitTransaction("Put", "t", "1"));
            height = node.ledger().height();
        }
        Path blockFile = data.resolve("blocks").resolve("blockfile.dat");
        long size = Files.size(blockFile);
        // half a record: a length and CRC announcing more bytes than follow, as a crash mid-append leaves
        Files.write(blockFile, new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 9, 9, 9}, StandardOpenOption.APPEND);
        try (LedgerNode node = network.start(data)) {
            assertThat(node.ledger().truncatedBytes()).isEqualTo(11);
            assertThat(Files.size(blockFile)).isEqualTo(size);
            assertThat(node.ledger().height()).isEqualTo(height);
            withContract(network, node, c -> c.submitTransaction("Put", "t", "2"));
            assertThat(node.ledger().height()).isEqualTo(height + 1);
        }
        assertThat(LedgerVerifier.verify(data, network.orderer.serialized()).problems())
                .isEmpty();
    }

    @Test
    void missingStateIsRebuiltFromBlocks() throws Exception {
        TestNetwork network = new TestNetwork(dir.resolve("crypto"));
        Path data = dir.resolve("data");
        long height;
        try (LedgerNode node = network.start(data)) {
            withContract(network, node, c -> {
                c.submitTransaction("Put", "a", "1");
                c.submitTransaction("Put", "b", "2");
                return c.submitTransaction("Delete", "a");
            });
            height = node.ledger().height();
        }
        deleteTree(data.resolve("state"));
        try (LedgerNode node = network.start(data)) {
            assertThat(node.ledger().replayedBlocks()).isEqualTo(height);
            withContract(network, node, c -> {
                assertThat(c.evaluateTransaction("Get", "a")).isEmpty();
                assertThat(new String(c.evaluateTransaction("Get", "b"), UTF_8)).isEqualTo("2");
                return null;
            });
        }
    }

    @Test
    void verifyReportsTamperedState() throws Exception {
        TestNetwork network = new TestNetwork(dir.resolve("crypto"));
        Path data = dir.resolve("data");
        try (LedgerNode node = network.start(data)) {
            withContract(network, node, c -> c.submitTransaction("Put", "v", "1"));
        }
        try (var state = io.fapiao.ledger.state.StateStore.open(data.resolve("state"))) {
            var update = new io.fapiao.ledger.state.BlockUpdate(state.savepoint());
            update.put(
                    "fapiao",
                    "v",
                    "forged".getBytes(UTF_8),
                    new io.fapiao.ledger.state.Height(1, 0),
                    org.hyperledger.fabric.protos.ledger.queryresult.KeyModification.getDefaultInstance());
            state.apply(update);
        }
        assertThat(LedgerVerifier.verify(data, network.orderer.serialized()).problems())
                .anySatisfy(p -> assertThat(p).contains("fapiao\u0000v"));
    }

    interface Call<T> {
        T on(Contract contract) throws Exception;
    }

    private static <T> T withContract(TestNetwork network, LedgerNode node, Call<T> call) throws Exception {
        ManagedChannel channel = network.channel(node);
        try (Gateway gateway = network.gateway(channel, network.client, TestNetwork.MSP)) {
            return call.on(gateway.getNetwork("fapiao").getContract("fapiao", "ledgertest"));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
