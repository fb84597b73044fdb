package io.fapiao.ledger.client;

/**
 * The ledger could not be reached, or did not answer in time, after every attempt the
 * {@link RetryPolicy} allows. When {@link #transactionId()} is present and the step is
 * {@code COMMIT_STATUS}, the transaction may still commit: query it before submitting anew.
 */
public final class LedgerUnavailable extends LedgerException {
    private final int attempts;

    LedgerUnavailable(Step step, String transactionId, int attempts, String message, Throwable cause) {
        super(
                step,
                transactionId,
                message + " (after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ")",
                cause);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
