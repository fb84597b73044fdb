package io.fapiao.bench.lifecycle;

import java.util.List;

/**
 * CPU and memory over one measured window (see {@link ResourceSampler}).
 *
 * <pre>{@code
 * double busy = figures.machineBusy();          // 0..1 of all cores
 * figures.processes().forEach(p -> p.cores());  // cores used on average
 * }</pre>
 *
 * @param cores       the machine's cores
 * @param machineBusy share of all the machine's CPU time that was busy (0..1)
 * @param processes   one entry per sampled process
 */
public record ResourceFigures(int cores, double machineBusy, List<Process> processes) {

    /**
     * @param name          ledger, his-adapter, finance-verifier, issuer-api or generator
     * @param pid           its pid
     * @param cores         CPU used on average, in cores (1.0 = one core busy the whole window)
     * @param maxRssBytes   largest resident set seen
     * @param lastRssBytes  resident set at the end
     * @param maxHeapBytes  largest heap in use seen (actuator), or -1 when not exposed
     * @param meanHeapBytes mean heap in use (actuator), or -1
     */
    public record Process(
            String name,
            long pid,
            double cores,
            long maxRssBytes,
            long lastRssBytes,
            long maxHeapBytes,
            long meanHeapBytes) {}
}
