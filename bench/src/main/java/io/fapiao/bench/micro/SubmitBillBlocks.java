package io.fapiao.bench.micro;

import com.google.protobuf.ByteString;
import io.fapiao.bench.ledger.BenchSetupFailed;
import io.fapiao.bench.ledger.EmbeddedNetwork;
import io.fapiao.bench.ledger.Submitter;
import io.fapiao.ledger.auth.Authenticator;
import io.fapiao.ledger.block.BlockSigner;
import io.fapiao.ledger.commit.ChannelLedger;
import io.fapiao.ledger.commit.CheckedTransaction;
import io.fapiao.ledger.commit.TransactionValidator;
import io.fapiao.ledger.node.NodeSettings;
import io.fapiao.ledger.state.BlockUpdate;
import io.fapiao.proof.fabric.BlockHash;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.seal.BillSealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Real SubmitBill transactions for the block and state benchmarks, made through the real path: a
 * {@link EmbeddedNetwork} (embedded node, TLS, governance, registered submitters) endorses, orders and
 * commits sealed sample bills from several clients at once; the envelopes are then read back from the
 * committed blocks and cut into one block of {@code size} transactions, signed by the node's orderer
 * identity, as the ordering service would cut it under load. Also gives a validator built exactly as
 * the node builds its own, and the state changes such a block makes.
 *
 * <pre>{@code
 * try (SubmitBillBlocks blocks = SubmitBillBlocks.make(dir, 40)) {
 *     Block block = blocks.block();
 *     CheckedTransaction tx = blocks.validator().check(block.getData().getData(0));
 * }
 * }</pre>
 */
public final class SubmitBillBlocks implements AutoCloseable {
    private static final int CLIENTS = 8;

    private final EmbeddedNetwork network;
    private final TransactionValidator validator;
    private final Block block;

    private SubmitBillBlocks(EmbeddedNetwork network, TransactionValidator validator, Block block) {
        this.network = network;
        this.validator = validator;
        this.block = block;
    }

    /** Commits at least {@code size} SubmitBills in {@code dir} (fresh) and cuts a block of {@code size} of them. */
    public static SubmitBillBlocks make(Path dir, int size) throws BenchSetupFailed, IOException {
        EmbeddedNetwork network = EmbeddedNetwork.start(dir, CLIENTS);
        try {
            int perClient = (size + CLIENTS - 1) / CLIENTS;
            List<Future<Long>> done = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
                for (int c = 0; c < CLIENTS; c++) {
                    Submitter submitter = network.submitters().get(c);
                    int client = c;
                    done.add(pool.submit(() -> {
                        long last = 0;
                        for (int i = 0; i < perClient; i++) {
                            String json = new String(
                                    BillSealer.seal(
                                                    SampleBills.outpatient(client * 10_000L + i + 1, submitter.uscc()),
                                                    submitter.sealer(),
                                                    network.recipients())
                                            .toJson(),
                                    StandardCharsets.UTF_8);
                            last = submitter.ledger().submit("SubmitBill", json).blockNumber();
                        }
                        return last;
                    }));
                }
                for (Future<Long> f : done) {
                    f.get();
                }
            }
            NodeSettings settings = network.node().settings();
            TransactionValidator validator = new TransactionValidator(
                    settings.channel(),
                    settings.chaincodeName(),
                    new Authenticator(network.consortium().membership(), Clock.systemUTC()),
                    network.consortium().peer().serialized());
            ChannelLedger ledger = network.node().ledger();
            List<ByteString> envelopes = new ArrayList<>();
            for (long n = ledger.height() - 1; n > 0 && envelopes.size() < size; n--) {
                Block committed = ledger.block(n);
                List<CheckedTransaction> txs = ledger.transactions(committed);
                for (int i = 0; i < txs.size() && envelopes.size() < size; i++) {
                    if (txs.get(i).code() == TxValidationCode.VALID
                            && committed.getData().getData(i).size() > 8 * 1024) { // SubmitBills, not governance
                        envelopes.add(committed.getData().getData(i));
                    }
                }
            }
            if (envelopes.size() < size) {
                throw new IOException(
                        "only " + envelopes.size() + " SubmitBill transactions were found, " + size + " needed");
            }
            Block block = new BlockSigner(network.consortium().orderer())
                    .assemble(
                            ledger.height(),
                            BlockHash.header(ledger.block(ledger.height() - 1).getHeader()),
                            envelopes);
            return new SubmitBillBlocks(network, validator, block);
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        } catch (Exception e) {
            network.close();
            throw new IOException("committing the SubmitBill transactions: " + e.getMessage(), e);
        }
    }

    public Block block() {
        return block;
    }

    public TransactionValidator validator() {
        return validator;
    }

    /** The state changes of {@link #block()}, numbered {@code blockNumber}, as the committer derives them. */
    public BlockUpdate update(long blockNumber) {
        Block renumbered = block.toBuilder()
                .setHeader(block.getHeader().toBuilder().setNumber(blockNumber))
                .build();
        List<CheckedTransaction> txs = new ArrayList<>();
        for (ByteString envelope : block.getData().getDataList()) {
            CheckedTransaction tx = validator.check(envelope);
            if (tx.code() != TxValidationCode.VALID) {
                throw new IllegalStateException("a committed SubmitBill no longer validates: " + tx.code());
            }
            txs.add(tx);
        }
        return ChannelLedger.updateOf(renumbered, txs);
    }

    @Override
    public void close() throws IOException {
        network.close();
    }
}
