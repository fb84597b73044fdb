package io.fapiao.bench.ledger;

/**
 * The bench was interrupted; the message says while doing what.
 *
 * <pre>{@code
 * catch (BenchInterrupted e) { System.err.println("bench stopped " + e.getMessage()); }
 * }</pre>
 */
public final class BenchInterrupted extends Exception {
    public BenchInterrupted(String step) {
        super("interrupted while " + step);
    }
}
