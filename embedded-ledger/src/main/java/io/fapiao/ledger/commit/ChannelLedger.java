package io.fapiao.ledger.commit;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.fapiao.ledger.block.BlockFile;
import io.fapiao.ledger.block.BlockSigner;
import io.fapiao.ledger.execution.KeyOrder;
import io.fapiao.ledger.state.BlockUpdate;
import io.fapiao.ledger.state.Height;
import io.fapiao.ledger.state.Scan;
import io.fapiao.ledger.state.StateStore;
import io.fapiao.ledger.state.StateView;
import io.fapiao.ledger.state.TxLocation;
import io.fapiao.ledger.state.VersionedValue;
import io.fapiao.proof.fabric.BlockHash;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.ledger.queryresult.KeyModification;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The channel's ledger: validates ordered transactions, writes each block to the block file (synced)
 * and only then applies it to the state store and tells waiters. Opening it recovers: a torn tail of
 * the block file is cut off, blocks after the state's savepoint are replayed (all of them when the
 * state directory is missing), and an empty ledger gets its genesis block.
 *
 * <p>Only the ordering thread calls {@link #commit}; readers (endorser snapshots, commit status,
 * event streams) never block it.
 *
 * <pre>{@code
 * ChannelLedger ledger = ChannelLedger.open(dataDir, "fapiao", validator, signer, genesis);
 * Block block = ledger.commit(List.of(envelopeBytes));
 * }</pre>
 */
public final class ChannelLedger implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChannelLedger.class.getName());

    private final BlockFile blocks;
    private final StateStore state;
    private final TransactionValidator validator;
    private final BlockSigner signer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grown = lock.newCondition();
    private final long truncatedBytes;
    private final long replayedBlocks;
    private volatile long height;
    private byte[] lastHeaderHash;

    private ChannelLedger(
            BlockFile blocks, StateStore state, TransactionValidator validator, BlockSigner signer, long replayedBlocks)
            throws IOException {
        this.blocks = blocks;
        this.state = state;
        this.validator = validator;
        this.signer = signer;
        this.truncatedBytes = blocks.truncatedBytes();
        this.replayedBlocks = replayedBlocks;
        this.height = blocks.height();
        this.lastHeaderHash = height == 0
                ? new byte[0]
                : BlockHash.header(blocks.read(height - 1).getHeader());
    }

    public static ChannelLedger open(
            Path dataDir, TransactionValidator validator, BlockSigner signer, Supplier<ByteString> genesisTransaction)
            throws IOException {
        BlockFile blocks = BlockFile.open(dataDir.resolve("blocks"));
        StateStore state;
        try {
            state = StateStore.open(dataDir.resolve("state"));
        } catch (IOException e) {
            blocks.close();
            throw e;
        }
        try {
            long savepoint = state.savepoint();
            if (savepoint >= blocks.height()) {
                throw new IOException("the state store has applied block " + savepoint + " but the block file ends at "
                        + (blocks.height() - 1) + "; the state does not belong to these blocks. Remove "
                        + dataDir.resolve("state") + " to rebuild it from the blocks");
            }
            long replayed = 0;
            for (long n = savepoint + 1; n < blocks.height(); n++) {
                Block block = blocks.read(n);
                state.apply(updateOf(block, readAll(validator, block)));
                replayed++;
            }
            if (replayed > 0) {
                LOG.info("replayed blocks " + (savepoint + 1) + ".." + (blocks.height() - 1) + " into the state");
            }
            ChannelLedger ledger = new ChannelLedger(blocks, state, validator, signer, replayed);
            if (ledger.height == 0) {
                ledger.commitGenesis(genesisTransaction.get());
            }
            return ledger;
        } catch (IOException | RuntimeException e) {
            state.close();
            blocks.close();
            throw e;
        }
    }

    public long truncatedBytes() {
        return truncatedBytes;
    }

    public long replayedBlocks() {
        return replayedBlocks;
    }

    public StateStore state() {
        return state;
    }

    /** Number of committed blocks. */
    public long height() {
        return height;
    }

    public Block block(long number) throws IOException {
        return blocks.read(number);
    }

    public Optional<TxLocation> transaction(String txId) {
        return state.transaction(txId);
    }

    /** Waits until the ledger holds more than {@code number} blocks; false on timeout. */
    public boolean awaitBlock(long number, Duration timeout) throws InterruptedException {
        if (height > number) {
            return true;
        }
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (height <= number) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = grown.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The transactions of a committed block with their recorded validation codes. */
    public List<CheckedTransaction> transactions(Block block) {
        return readAll(validator, block);
    }

    /**
     * Validates ordered envelopes, writes them as the next block (synced to disk), applies the valid
     * writes and wakes waiters. Called by the ordering thread only.
     */
    public Block commit(List<ByteString> envelopes) throws IOException {
        long number = height;
        List<CheckedTransaction> checked = IntStream.range(0, envelopes.size())
                .parallel()
                .mapToObj(i -> validator.check(envelopes.get(i)))
                .toList();
        List<CheckedTransaction> decided = decide(number, checked);
        Block block = signer.assemble(number, lastHeaderHash, envelopes);
        block = withFilter(block, decided);
        write(block, decided);
        return block;
    }

    private void commitGenesis(ByteString configTransaction) throws IOException {
        Block block = signer.assemble(0, new byte[0], List.of(configTransaction));
        List<CheckedTransaction> txs =
                readAll(validator, withFilter(block, List.of(CheckedTransaction.invalid(TxValidationCode.VALID, ""))));
        block = withFilter(block, txs);
        write(block, txs);
    }

    private void write(Block block, List<CheckedTransaction> txs) throws IOException {
        blocks.append(block);
        state.apply(updateOf(block, txs));
        lock.lock();
        try {
            lastHeaderHash = BlockHash.header(block.getHeader());
            height = block.getHeader().getNumber() + 1;
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Duplicate tx ids and MVCC, in block order, against the state plus this block's earlier valid writes. */
    private List<CheckedTransaction> decide(long number, List<CheckedTransaction> checked) {
        Map<String, Optional<Height>> pending = new HashMap<>();
        Set<String> seen = new HashSet<>();
        List<CheckedTransaction> decided = new ArrayList<>(checked.size());
        for (int i = 0; i < checked.size(); i++) {
            CheckedTransaction tx = checked.get(i);
            if (!tx.txId().isEmpty()) {
                if (!seen.add(tx.txId()) || state.transaction(tx.txId()).isPresent()) {
                    decided.add(tx.withCode(TxValidationCode.DUPLICATE_TXID));
                    continue;
                }
            }
            if (tx.code() != TxValidationCode.VALID) {
                decided.add(tx);
                continue;
            }
            TxValidationCode code = mvcc(tx, pending);
            if (code == TxValidationCode.VALID) {
                for (KVWrite write : tx.rwset().getWritesList()) {
                    pending.put(
                            write.getKey(),
                            write.getIsDelete() ? Optional.empty() : Optional.of(new Height(number, i)));
                }
            }
            decided.add(tx.withCode(code));
        }
        return decided;
    }

    private TxValidationCode mvcc(CheckedTransaction tx, Map<String, Optional<Height>> pending) {
        for (KVRead read : tx.rwset().getReadsList()) {
            Optional<Height> current = pending.containsKey(read.getKey())
                    ? pending.get(read.getKey())
                    : state.get(tx.namespace(), read.getKey()).map(VersionedValue::height);
            Optional<Height> expected =
                    read.hasVersion() ? Optional.of(Height.of(read.getVersion())) : Optional.empty();
            if (!current.equals(expected)) {
                return TxValidationCode.MVCC_READ_CONFLICT;
            }
        }
        for (RangeQueryInfo range : tx.rwset().getRangeQueriesInfoList()) {
            if (!rangeUnchanged(tx.namespace(), range, pending)) {
                return TxValidationCode.PHANTOM_READ_CONFLICT;
            }
        }
        return TxValidationCode.VALID;
    }

    /** Re-runs a range query on the current state and compares keys and versions with what was read. */
    private boolean rangeUnchanged(String namespace, RangeQueryInfo range, Map<String, Optional<Height>> pending) {
        String start = range.getStartKey();
        String end = range.getEndKey();
        boolean inclusive = !range.getItrExhausted();
        TreeMap<String, Height> now = new TreeMap<>(KeyOrder.UTF8);
        try (StateView view = state.snapshot();
                Scan<Map.Entry<String, VersionedValue>> scan = view.range(namespace, start, end)) {
            scan.forEachRemaining(e -> now.put(e.getKey(), e.getValue().height()));
            if (inclusive) {
                view.get(namespace, end).ifPresent(v -> now.put(end, v.height()));
            }
        }
        pending.forEach((key, height) -> {
            boolean afterStart = KeyOrder.UTF8.compare(key, start) >= 0;
            int toEnd = end.isEmpty() ? -1 : KeyOrder.UTF8.compare(key, end);
            if (afterStart && (toEnd < 0 || (inclusive && toEnd == 0))) {
                height.ifPresentOrElse(h -> now.put(key, h), () -> now.remove(key));
            }
        });
        List<KVRead> reads = range.getRawReads().getKvReadsList();
        if (reads.size() != now.size()) {
            return false;
        }
        int i = 0;
        for (Map.Entry<String, Height> e : now.entrySet()) {
            KVRead read = reads.get(i++);
            if (!read.getKey().equals(e.getKey())
                    || !Height.of(read.getVersion()).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static Block withFilter(Block block, List<CheckedTransaction> txs) {
        byte[] filter = new byte[txs.size()];
        for (int i = 0; i < filter.length; i++) {
            filter[i] = (byte) txs.get(i).code().getNumber();
        }
        return block.toBuilder()
                .setMetadata(block.getMetadata().toBuilder()
                        .setMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE, ByteString.copyFrom(filter)))
                .build();
    }

    /** The transactions of a block on disk with the validation codes its TRANSACTIONS_FILTER records. */
    public static List<CheckedTransaction> readAll(TransactionValidator validator, Block block) {
        ByteString filter = block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE);
        List<CheckedTransaction> result = new ArrayList<>();
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            TxValidationCode code = i < filter.size() ? TxValidationCode.forNumber(filter.byteAt(i) & 0xff) : null;
            CheckedTransaction tx = validator.read(block.getData().getData(i));
            result.add(tx.withCode(code == null ? TxValidationCode.INVALID_OTHER_REASON : code));
        }
        return result;
    }

    /** The state changes of a block whose validation codes are decided. */
    public static BlockUpdate updateOf(Block block, List<CheckedTransaction> txs) {
        long number = block.getHeader().getNumber();
        BlockUpdate update = new BlockUpdate(number);
        Set<String> indexed = new HashSet<>();
        for (int i = 0; i < txs.size(); i++) {
            CheckedTransaction tx = txs.get(i);
            if (!tx.txId().isEmpty() && tx.code() != TxValidationCode.DUPLICATE_TXID && indexed.add(tx.txId())) {
                update.index(tx.txId(), new TxLocation(number, i, tx.code()));
            }
            if (tx.code() != TxValidationCode.VALID || tx.config()) {
                continue;
            }
            Height height = new Height(number, i);
            Timestamp ts = tx.timestamp();
            KVRWSet rwset = tx.rwset();
            for (KVWrite write : rwset.getWritesList()) {
                KeyModification history = KeyModification.newBuilder()
                        .setTxId(tx.txId())
                        .setValue(write.getIsDelete() ? ByteString.EMPTY : write.getValue())
                        .setTimestamp(ts)
                        .setIsDelete(write.getIsDelete())
                        .build();
                update.put(
                        tx.namespace(),
                        write.getKey(),
                        write.getIsDelete() ? null : write.getValue().toByteArray(),
                        height,
                        history);
            }
        }
        return update;
    }

    @Override
    public void close() throws IOException {
        state.close();
        blocks.close();
    }
}
