package io.fapiao.bench.ledger;

import io.fapiao.bench.lifecycle.ResourceFigures;
import java.util.Optional;

/**
 * What one closed-loop run measured: committed transactions of one workload in the measured window,
 * their latency from the call of {@code Ledger.submit} to its return (endorse, submit, commit status),
 * how the orderer batched them, and the CPU the ledger's processes and the machine used meanwhile.
 *
 * <pre>{@code
 * RunFigures run = new ClosedLoop(ledger, warmup, window).run(Workload.PUT_STATE, 8, 400.0);
 * double tps = run.throughput();
 * }</pre>
 *
 * @param workload      what each transaction did
 * @param clients       concurrent closed-loop clients
 * @param committed     transactions that committed valid inside the window
 * @param failed        submissions that ended in an exception inside the window (should be 0)
 * @param windowSeconds the measured window's length
 * @param p50Micros     median latency
 * @param p99Micros     99th percentile latency
 * @param maxMicros     largest latency
 * @param blocks        distinct blocks holding the window's committed transactions
 * @param ranDry        whether a client used up its prepared arguments before the window ended
 * @param resources     CPU per process and of the machine over the window (empty if it was not sampled)
 * @param loadBefore    the machine's 1-minute load average when the run began
 * @param loadAfter     and when it ended
 */
public record RunFigures(
        Workload workload,
        int clients,
        long committed,
        long failed,
        double windowSeconds,
        long p50Micros,
        long p99Micros,
        long maxMicros,
        long blocks,
        boolean ranDry,
        Optional<ResourceFigures> resources,
        String loadBefore,
        String loadAfter) {

    /** Committed transactions per second. */
    public double throughput() {
        return committed / windowSeconds;
    }

    /** Average committed bench transactions per block. */
    public double transactionsPerBlock() {
        return blocks == 0 ? 0 : (double) committed / blocks;
    }

    /** CPU the sampled processes used together, in cores (NaN when not sampled). */
    public double ledgerCores() {
        return resources
                .map(r -> r.processes().stream()
                        .mapToDouble(ResourceFigures.Process::cores)
                        .filter(c -> !Double.isNaN(c))
                        .sum())
                .orElse(Double.NaN);
    }

    /** Committed transactions per second per core the sampled processes used (NaN when not sampled). */
    public double throughputPerCoreUsed() {
        double cores = ledgerCores();
        return cores > 0 ? throughput() / cores : Double.NaN;
    }
}
