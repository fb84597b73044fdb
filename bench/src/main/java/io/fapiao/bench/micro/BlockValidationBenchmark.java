package io.fapiao.bench.micro;

import com.google.protobuf.ByteString;
import io.fapiao.bench.ledger.BenchSetupFailed;
import io.fapiao.ledger.commit.CheckedTransaction;
import io.fapiao.ledger.commit.TransactionValidator;
import io.fapiao.proof.fabric.BlockHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedded node's validation of a block of real SubmitBill transactions (see
 * {@link SubmitBillBlocks}): the state-independent checks of {@link TransactionValidator#check} on
 * every envelope (structure, the creator's signature over the 13 KiB envelope, tx id, proposal hash,
 * the peer's endorsement signature), one by one and in parallel as {@code ChannelLedger.commit} runs them,
 * and the block's data hash. 40 transactions per block is what the 64-client ledger bench cut.
 *
 * <pre>{@code
 * ./fapiao bench micro BlockValidation
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class BlockValidationBenchmark {
    @Param({"40"})
    public int transactions;

    private Path dir;
    private SubmitBillBlocks blocks;
    private TransactionValidator validator;
    private Block block;
    private List<ByteString> envelopes;

    @Setup(Level.Trial)
    public void setUp() throws IOException, BenchSetupFailed {
        dir = Files.createTempDirectory("fapiao-block-bench");
        blocks = SubmitBillBlocks.make(dir.resolve("ledger"), transactions);
        validator = blocks.validator();
        block = blocks.block();
        envelopes = block.getData().getDataList();
        for (ByteString envelope : envelopes) {
            if (validator.check(envelope).code() != TxValidationCode.VALID) {
                throw new IllegalStateException("a SubmitBill of the block does not validate");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        blocks.close();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One SubmitBill envelope: parse, creator signature, tx id, proposal hash, endorsement. */
    @Benchmark
    public CheckedTransaction checkOneTransaction() {
        return validator.check(envelopes.get(0));
    }

    /** Every envelope of the block on this thread. */
    @Benchmark
    public int checkBlockSequential() {
        int valid = 0;
        for (ByteString envelope : envelopes) {
            valid += validator.check(envelope).code() == TxValidationCode.VALID ? 1 : 0;
        }
        return valid;
    }

    /** Every envelope of the block on all cores, as {@code ChannelLedger.commit} does. */
    @Benchmark
    public long checkBlockParallel() {
        return IntStream.range(0, envelopes.size())
                .parallel()
                .filter(i -> validator.check(envelopes.get(i)).code() == TxValidationCode.VALID)
                .count();
    }

    /** The block's data hash recomputed and compared with its header, as a verifier of the chain does. */
    @Benchmark
    public boolean blockDataHash() {
        return Arrays.equals(
                BlockHash.data(block.getData()), block.getHeader().getDataHash().toByteArray());
    }
}
