package io.fapiao.bench.ledger;

/**
 * The bench could not set up its ledger; the message names the step.
 *
 * <pre>{@code
 * try { EmbeddedNetwork.start(dir, 8); } catch (BenchSetupFailed e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class BenchSetupFailed extends Exception {
    public BenchSetupFailed(String step, Throwable cause) {
        super(cause == null ? step : step + ": " + cause.getMessage(), cause);
    }
}
