package io.fapiao.bench.ledger;

/**
 * What one closed-loop run measured: committed SubmitBill transactions in the measured window, their
 * latency from the call of {@code Ledger.submit} to its return (endorse, submit, commit status), and
 * how the orderer batched them.
 *
 * <pre>{@code
 * RunFigures run = new ClosedLoop(submitters, warmup, window, bills).run(8);
 * double tps = run.throughput();
 * }</pre>
 *
 * @param clients       concurrent closed-loop clients
 * @param committed     transactions that committed valid inside the window
 * @param failed        submissions that ended in an exception inside the window (should be 0)
 * @param windowSeconds the measured window's length
 * @param p50Micros     median latency
 * @param p99Micros     99th percentile latency
 * @param maxMicros     largest latency
 * @param blocks        distinct blocks holding the window's committed transactions
 * @param ranDry        whether a client used up its pre-sealed bills before the window ended
 */
public record RunFigures(int clients, long committed, long failed, double windowSeconds, long p50Micros,
        long p99Micros, long maxMicros, long blocks, boolean ranDry) {

    /** Committed transactions per second. */
    public double throughput() {
        return committed / windowSeconds;
    }

    /** Average committed bench transactions per block. */
    public double transactionsPerBlock() {
        return blocks == 0 ? 0 : (double) committed / blocks;
    }
}
