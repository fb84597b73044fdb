package io.fapiao.ledger.ordering;

import com.google.protobuf.ByteString;
import io.fapiao.ledger.commit.ChannelLedger;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's single orderer: one thread takes submitted envelopes in arrival order, cuts blocks with
 * the {@link BlockCutter} and the batch timer, and hands each block to the {@link ChannelLedger} to be
 * validated, written and applied. One thread means one total order and no lock on the commit path.
 * If a block cannot be written the service stops accepting work: a ledger that cannot persist must
 * not pretend to order.
 *
 * <pre>{@code
 * OrderingService orderer = new OrderingService(ledger, BlockCutting.defaults());
 * orderer.start();
 * orderer.order(envelopeBytes);
 * }</pre>
 */
public final class OrderingService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OrderingService.class.getName());
    private static final ByteString STOP = ByteString.copyFromUtf8("stop");

    private final ChannelLedger ledger;
    private final BlockCutting cutting;
    private final LinkedBlockingQueue<ByteString> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile String failure;

    public OrderingService(ChannelLedger ledger, BlockCutting cutting) {
        this.ledger = ledger;
        this.cutting = cutting;
        this.thread = new Thread(this::run, "fapiao-orderer");
    }

    public void start() {
        thread.start();
    }

    /** Queues an envelope for the next block. */
    public void order(ByteString envelope) throws Unavailable {
        if (failure != null) {
            throw new Unavailable(failure);
        }
        if (!thread.isAlive()) {
            throw new Unavailable("the ordering service is stopped");
        }
        queue.add(envelope);
    }

    public BlockCutting cutting() {
        return cutting;
    }

    private void run() {
        BlockCutter cutter = new BlockCutter(cutting);
        long deadline = 0;
        try {
            while (true) {
                ByteString envelope;
                if (cutter.isEmpty()) {
                    envelope = queue.take();
                } else {
                    long wait = deadline - System.nanoTime();
                    envelope = wait <= 0 ? null : queue.poll(wait, TimeUnit.NANOSECONDS);
                }
                if (envelope == STOP) {
                    if (!cutter.isEmpty()) {
                        commit(cutter.cut());
                    }
                    return;
                }
                if (envelope == null) {
                    boolean stopping = drainQueued(cutter);
                    if (!cutter.isEmpty()) {
                        commit(cutter.cut());
                    }
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                boolean wasEmpty = cutter.isEmpty();
                List<List<ByteString>> batches = cutter.ordered(envelope);
                for (List<ByteString> batch : batches) {
                    commit(batch);
                }
                // The timer runs from the first envelope of the batch now pending.
                if (!cutter.isEmpty() && (wasEmpty || !batches.isEmpty())) {
                    deadline = System.nanoTime() + cutting.batchTimeout().toNanos();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            failure = "the ledger cannot write blocks: " + e.getMessage();
            LOG.log(Level.SEVERE, failure, e);
        }
    }

    /**
     * Moves what is already queued into the pending batch when the timer fires. Envelopes pile up
     * while the previous block is validated, written and synced, so under load the next block takes
     * all of them (a group commit) instead of one per timer tick. True if the stop signal was met.
     */
    private boolean drainQueued(BlockCutter cutter) throws IOException {
        for (ByteString next = queue.poll(); next != null; next = queue.poll()) {
            if (next == STOP) {
                return true;
            }
            for (List<ByteString> batch : cutter.ordered(next)) {
                commit(batch);
            }
        }
        return false;
    }

    private void commit(List<ByteString> batch) throws IOException {
        ledger.commit(batch);
    }

    /** Stops after committing what is queued. */
    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            queue.add(STOP);
            thread.join();
        }
    }

    /** The orderer cannot take transactions now. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }
}
