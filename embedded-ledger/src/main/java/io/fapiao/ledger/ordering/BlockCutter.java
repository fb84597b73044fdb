package io.fapiao.ledger.ordering;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;

/**
 * Fabric's block cutter: accumulates ordered envelopes and says when a batch is complete. Pure logic;
 * the {@link OrderingService} thread owns the timer.
 *
 * <pre>{@code
 * List<List<ByteString>> batches = cutter.ordered(envelope);
 * if (timerExpired) { List<ByteString> batch = cutter.cut(); }
 * }</pre>
 */
final class BlockCutter {

    private final BlockCutting cutting;
    private List<ByteString> pending = new ArrayList<>();
    private long pendingBytes;

    public BlockCutter(BlockCutting cutting) {
        this.cutting = cutting;
    }

    /** Adds an envelope; returns zero, one or two complete batches. */
    public List<List<ByteString>> ordered(ByteString envelope) {
        List<List<ByteString>> batches = new ArrayList<>(2);
        int size = envelope.size();
        if (size > cutting.preferredMaxBytes()) {
            if (!pending.isEmpty()) {
                batches.add(cut());
            }
            batches.add(List.of(envelope));
            return batches;
        }
        if (pendingBytes + size > cutting.preferredMaxBytes()) {
            batches.add(cut());
        }
        pending.add(envelope);
        pendingBytes += size;
        if (pending.size() >= cutting.maxMessageCount()) {
            batches.add(cut());
        }
        return batches;
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    public List<ByteString> cut() {
        List<ByteString> batch = pending;
        pending = new ArrayList<>();
        pendingBytes = 0;
        return batch;
    }
}
