package io.fapiao.bench.lifecycle;

import java.util.List;
import java.util.Map;

/**
 * What one load run measured. Latencies are of the bills due inside the measured window (each from
 * its due time to the stage); throughput counts lifecycles completed (ISSUED) inside the window,
 * whenever their bill was sent.
 *
 * <pre>{@code
 * LifecycleRun run = load.closed(16);
 * double perSecond = run.issuedPerSecond();
 * long p99 = run.latency(Stage.ISSUED).p99Micros();
 * }</pre>
 *
 * @param mode              "closed" (clients, each waits for its bill's invoice) or "open" (a target rate)
 * @param clients           closed loop: concurrent clients; open loop: 0
 * @param offeredRate       open loop: bills per second sent; closed loop: 0
 * @param windowSeconds     the measured window
 * @param sent              bills due in the window
 * @param accepted          of those, answered 202
 * @param refused           of those, not accepted (HTTP error or transport failure)
 * @param rejected          of those, rejected by the finance bureau
 * @param issued            of those, issued
 * @param unfinished        of those, neither issued nor failed when the drain ended
 * @param issuedPerSecond   lifecycles completed per second inside the window
 * @param acceptedPerSecond bills accepted per second inside the window
 * @param latencies         per stage, over the window's bills
 * @param resources         CPU and memory over the window
 * @param failures          up to five examples of how bills failed (stage and code)
 */
public record LifecycleRun(
        String mode,
        int clients,
        double offeredRate,
        double windowSeconds,
        long sent,
        long accepted,
        long refused,
        long rejected,
        long issued,
        long unfinished,
        double issuedPerSecond,
        double acceptedPerSecond,
        Map<Stage, Latency> latencies,
        ResourceFigures resources,
        List<String> failures) {

    public Latency latency(Stage stage) {
        return latencies.get(stage);
    }

    /** "closed 16" or "open 20.0/s". */
    public String label() {
        return mode.equals("closed")
                ? "closed " + clients + " clients"
                : String.format(java.util.Locale.ROOT, "open %.1f/s", offeredRate);
    }
}
