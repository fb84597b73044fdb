package io.fapiao.ledger.state;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.hyperledger.fabric.protos.ledger.queryresult.KeyModification;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * World state, key history and transaction index in RocksDB, derived from the block file. Each block's
 * changes are written in one atomic {@link WriteBatch} together with the savepoint (the number of the
 * last applied block), so after a crash the store is exactly the state after some block and the node
 * replays the blocks after the savepoint. The batch is not fsynced: the block file is the durable
 * source of truth and a lost tail of batches is replayed from it.
 *
 * <p>Closing is safe while other threads still use the store. RocksJava does not guard its handles:
 * a call on a closed database, iterator or snapshot reads freed native memory and can crash the JVM
 * or corrupt a write batch. So every native call runs under the read side of a gate and
 * {@link #close} takes the write side: it waits for calls already inside RocksDB, releases the
 * iterators and snapshots their owners have not closed yet, and only then closes the database.
 * Any later call fails with {@link StateStoreClosed} instead of touching freed memory.
 *
 * <p>Key layout (one keyspace, first byte says the table):
 * <ul>
 *   <li>{@code 'S' ns 0x00 key} → block number (8) · tx number (8) · value</li>
 *   <li>{@code 'H' ns 0x00 len(key) key block tx} → {@code KeyModification} proto</li>
 *   <li>{@code 'T' txid} → block number (8) · tx number (4) · validation code (4)</li>
 *   <li>{@code 'M' "savepoint"} → block number (8)</li>
 * </ul>
 *
 * <pre>{@code
 * try (StateStore state = StateStore.open(dataDir.resolve("state"))) {
 *     long applied = state.savepoint();
 * }
 * }</pre>
 */
public final class StateStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private static final byte STATE = 'S';
    private static final byte HISTORY = 'H';
    private static final byte TX = 'T';
    private static final byte[] SAVEPOINT = {'M', 's', 'a', 'v', 'e', 'p', 'o', 'i', 'n', 't'};

    private final Options options;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    /** Iterators and snapshots handed out and not yet released; guarded by the gate. */
    private final Set<NativeCursor> cursors = ConcurrentHashMap.newKeySet();

    private final Set<NativeCursor> snapshots = ConcurrentHashMap.newKeySet();
    /** Written under the gate's write side; volatile so {@link #isClosed} needs no lock. */
    private volatile boolean closed;

    private StateStore(Options options, RocksDB db) {
        this.options = options;
        this.db = db;
        this.writeOptions = new WriteOptions();
    }

    public static StateStore open(Path directory) throws IOException {
        Files.createDirectories(directory);
        Options options = new Options().setCreateIfMissing(true);
        try {
            return new StateStore(options, RocksDB.open(options, directory.toString()));
        } catch (RocksDBException e) {
            options.close();
            throw new IOException("cannot open the state database in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The last block whose changes are in the store, or -1 if none. */
    public long savepoint() throws IOException {
        try {
            byte[] value = guarded(() -> db.get(SAVEPOINT));
            return value == null ? -1 : ByteBuffer.wrap(value).getLong();
        } catch (RocksDBException e) {
            throw new IOException("cannot read the state savepoint: " + e.getMessage(), e);
        }
    }

    /** Applies one block's changes and moves the savepoint to it, atomically. */
    public void apply(BlockUpdate update) throws IOException {
        try (WriteBatch batch = new WriteBatch()) {
            for (BlockUpdate.Write write : update.writes()) {
                byte[] stateKey = stateKey(write.namespace(), write.key());
                if (write.value() == null) {
                    batch.delete(stateKey);
                } else {
                    batch.put(
                            stateKey,
                            ByteBuffer.allocate(16 + write.value().length)
                                    .putLong(write.height().blockNumber())
                                    .putLong(write.height().txNumber())
                                    .put(write.value())
                                    .array());
                }
                batch.put(
                        historyKey(write.namespace(), write.key(), write.height()),
                        write.history().toByteArray());
            }
            for (BlockUpdate.Indexed tx : update.transactions()) {
                batch.put(
                        txKey(tx.txId()),
                        ByteBuffer.allocate(16)
                                .putLong(tx.location().blockNumber())
                                .putInt(tx.location().txNumber())
                                .putInt(tx.location().code().getNumber())
                                .array());
            }
            batch.put(
                    SAVEPOINT,
                    ByteBuffer.allocate(8).putLong(update.blockNumber()).array());
            guarded(() -> {
                db.write(writeOptions, batch);
                return null;
            });
        } catch (RocksDBException e) {
            throw new IOException("cannot apply block " + update.blockNumber() + " to the state: " + e.getMessage(), e);
        }
    }

    /** Whether a transaction id is already indexed, read from the latest state (not a snapshot). */
    public Optional<TxLocation> transaction(String txId) {
        try {
            return decodeTx(guarded(() -> db.get(txKey(txId))));
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the transaction index: " + e.getMessage(), e);
        }
    }

    /** The latest value of a key, outside any snapshot (used by validation on the ordering thread). */
    public Optional<VersionedValue> get(String namespace, String key) {
        try {
            return decodeValue(guarded(() -> db.get(stateKey(namespace, key))));
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read state: " + e.getMessage(), e);
        }
    }

    /** A point-in-time view for one simulation or query; close it when done. */
    public StateView snapshot() {
        return unchecked(() -> {
            Snapshot snapshot = db.getSnapshot();
            SnapshotView view = new SnapshotView(snapshot, new ReadOptions().setSnapshot(snapshot));
            snapshots.add(view);
            return view;
        });
    }

    /** Every state entry of every namespace, in key order; for {@code verify}. */
    public Scan<Map.Entry<String, VersionedValue>> everything() {
        return unchecked(() -> {
            ReadOptions read = new ReadOptions();
            return new StateIterator(db.newIterator(read), new byte[] {STATE}, null, read);
        });
    }

    /**
     * Waits for calls already inside RocksDB, releases the iterators and snapshots still open (a
     * stopping node may have given up waiting for their owners), then closes the database. Calls
     * after this throw {@link StateStoreClosed}. Closing twice does nothing.
     */
    @Override
    public void close() {
        // Not interruptible on purpose: a stop must not leave the database half closed.
        gate.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            // Iterators pin the snapshot's version, so they go first.
            cursors.forEach(NativeCursor::release);
            snapshots.forEach(NativeCursor::release);
            cursors.clear();
            snapshots.clear();
            writeOptions.close();
            db.close();
            options.close();
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** Whether {@link #close} has run; a reader that saw an error can tell a stop from a fault. */
    public boolean isClosed() {
        return closed;
    }

    /** A RocksDB call made while the store is open, never concurrently with {@link #close}. */
    private <T> T guarded(NativeCall<T> call) throws RocksDBException {
        Lock read = gate.readLock();
        read.lock();
        try {
            if (closed) {
                throw new StateStoreClosed();
            }
            return call.run();
        } finally {
            read.unlock();
        }
    }

    /** {@link #guarded} for calls that do not declare {@link RocksDBException} (iterators, snapshots). */
    private <T> T unchecked(NativeCall<T> call) {
        try {
            return guarded(call);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read state: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface NativeCall<T> {
        T run() throws RocksDBException;
    }

    /** A native iterator or snapshot that must be released exactly once, by its owner or by {@link #close}. */
    private abstract static class NativeCursor {
        private final AtomicBoolean released = new AtomicBoolean();

        final void release() {
            if (released.compareAndSet(false, true)) {
                releaseNative();
            }
        }

        abstract void releaseNative();
    }

    private final class SnapshotView extends NativeCursor implements StateView {
        private final Snapshot snapshot;
        private final ReadOptions read;

        SnapshotView(Snapshot snapshot, ReadOptions read) {
            this.snapshot = snapshot;
            this.read = read;
        }

        @Override
        public Optional<VersionedValue> get(String namespace, String key) {
            try {
                return decodeValue(guarded(() -> db.get(read, stateKey(namespace, key))));
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot read state: " + e.getMessage(), e);
            }
        }

        @Override
        public Scan<Map.Entry<String, VersionedValue>> range(String namespace, String startKey, String endKey) {
            byte[] prefix = stateKey(namespace, "");
            byte[] start = stateKey(namespace, startKey);
            byte[] end = endKey.isEmpty() ? null : stateKey(namespace, endKey);
            return unchecked(() -> {
                RocksIterator it = db.newIterator(read);
                it.seek(start);
                return new StateIterator(it, prefix, end, null);
            });
        }

        @Override
        public Iterator<KeyModification> history(String namespace, String key) {
            byte[] prefix = historyPrefix(namespace, key);
            byte[] upper = Arrays.copyOf(prefix, prefix.length + 17);
            Arrays.fill(upper, prefix.length, upper.length, (byte) 0xff);
            return unchecked(() -> new HistoryIterator(db.newIterator(read), prefix, upper, key));
        }

        @Override
        public Optional<TxLocation> transaction(String txId) {
            try {
                return decodeTx(guarded(() -> db.get(read, txKey(txId))));
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot read the transaction index: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            // After the store closed, close() released it already; closing the view is then a no-op.
            releaseByOwner(this, snapshots);
        }

        @Override
        void releaseNative() {
            read.close();
            db.releaseSnapshot(snapshot);
        }
    }

    /** Releases a cursor its owner is done with, unless the store already did while closing. */
    private void releaseByOwner(NativeCursor cursor, Set<NativeCursor> registry) {
        Lock read = gate.readLock();
        read.lock();
        try {
            if (!closed) {
                cursor.release();
                registry.remove(cursor);
            }
        } finally {
            read.unlock();
        }
    }

    /** Key history, newest first; closes the native iterator at the end. */
    private final class HistoryIterator extends NativeCursor implements Iterator<KeyModification> {
        private final RocksIterator it;
        private final byte[] prefix;
        private final String key;
        private boolean open = true;

        /** Called under the gate. */
        HistoryIterator(RocksIterator it, byte[] prefix, byte[] upper, String key) {
            this.it = it;
            this.prefix = prefix;
            this.key = key;
            cursors.add(this);
            it.seekForPrev(upper);
        }

        @Override
        public boolean hasNext() {
            if (open && !unchecked(() -> it.isValid() && startsWith(it.key(), prefix))) {
                open = false;
                releaseByOwner(this, cursors);
            }
            return open;
        }

        @Override
        public KeyModification next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            byte[] value = unchecked(() -> {
                byte[] v = it.value();
                it.prev();
                return v;
            });
            try {
                return KeyModification.parseFrom(value);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("corrupt history entry for key " + key, e);
            }
        }

        @Override
        void releaseNative() {
            it.close();
        }
    }

    /** Iterates state entries under a prefix up to an exclusive upper key; closes the native iterator at the end. */
    private final class StateIterator extends NativeCursor implements Scan<Map.Entry<String, VersionedValue>> {
        private final RocksIterator it;
        private final byte[] prefix;
        private final byte[] end;
        private final ReadOptions owned;
        private boolean open = true;

        /** Called under the gate. */
        StateIterator(RocksIterator it, byte[] prefix, byte[] end, ReadOptions owned) {
            this.it = it;
            this.prefix = prefix;
            this.end = end;
            this.owned = owned;
            cursors.add(this);
            if (owned != null) {
                it.seek(prefix);
            }
        }

        @Override
        public boolean hasNext() {
            if (open
                    && !unchecked(() -> it.isValid()
                            && startsWith(it.key(), prefix)
                            && (end == null || Arrays.compareUnsigned(it.key(), end) < 0))) {
                close();
            }
            return open;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                releaseByOwner(this, cursors);
            }
        }

        @Override
        void releaseNative() {
            it.close();
            if (owned != null) {
                owned.close();
            }
        }

        @Override
        public Map.Entry<String, VersionedValue> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            byte[][] entry = unchecked(() -> {
                byte[][] kv = {it.key(), it.value()};
                it.next();
                return kv;
            });
            byte[] k = entry[0];
            String key;
            if (owned != null) {
                // the whole-store walk names entries "namespace\0key"
                key = new String(k, 1, k.length - 1, StandardCharsets.UTF_8);
            } else {
                key = new String(k, prefix.length, k.length - prefix.length, StandardCharsets.UTF_8);
            }
            VersionedValue value = decodeValue(entry[1]).orElseThrow();
            return Map.entry(key, value);
        }
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static Optional<VersionedValue> decodeValue(byte[] raw) {
        if (raw == null) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        Height h = new Height(b.getLong(), b.getLong());
        return Optional.of(new VersionedValue(Arrays.copyOfRange(raw, 16, raw.length), h));
    }

    private static Optional<TxLocation> decodeTx(byte[] raw) {
        if (raw == null) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        long block = b.getLong();
        int tx = b.getInt();
        return Optional.of(new TxLocation(block, tx, TxValidationCode.forNumber(b.getInt())));
    }

    private static byte[] stateKey(String namespace, String key) {
        byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + ns.length + k.length)
                .put(STATE)
                .put(ns)
                .put((byte) 0)
                .put(k)
                .array();
    }

    private static byte[] historyPrefix(String namespace, String key) {
        byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(6 + ns.length + k.length)
                .put(HISTORY)
                .put(ns)
                .put((byte) 0)
                .putInt(k.length)
                .put(k)
                .array();
    }

    private static byte[] historyKey(String namespace, String key, Height height) {
        byte[] prefix = historyPrefix(namespace, key);
        return ByteBuffer.allocate(prefix.length + 16)
                .put(prefix)
                .putLong(height.blockNumber())
                .putLong(height.txNumber())
                .array();
    }

    private static byte[] txKey(String txId) {
        byte[] id = txId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + id.length).put(TX).put(id).array();
    }
}
