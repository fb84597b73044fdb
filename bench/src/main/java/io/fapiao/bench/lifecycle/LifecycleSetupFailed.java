package io.fapiao.bench.lifecycle;

/**
 * The lifecycle bench could not start or reach the platform; the message names the step.
 *
 * <pre>{@code
 * try { Platform.start(root, home, 17000); } catch (LifecycleSetupFailed e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class LifecycleSetupFailed extends Exception {
    public LifecycleSetupFailed(String step, Throwable cause) {
        super(cause == null ? step : step + ": " + cause.getMessage(), cause);
    }
}
