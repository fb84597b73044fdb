package io.fapiao.hisadapter.submission;

/**
 * A submission attempt that failed for now (the ledger unreachable, a seal key unavailable): counted on
 * the bill with its {@link #code()}, thrown to the worker pool, which puts the bill back after the
 * backoff of its attempts and logs this message (bill key, code and reason, never bill contents).
 *
 * <pre>{@code
 * submission: 91110108MA01ABCD2X:MZ0001 failed (attempt 2); trying again in 1400 ms:
 *     SubmissionAttemptFailed: bill 91110108MA01ABCD2X:MZ0001 waits for the ledger (LEDGER_UNAVAILABLE): ...
 * }</pre>
 */
public final class SubmissionAttemptFailed extends Exception {
    private final String code;

    SubmissionAttemptFailed(String billKey, String code, String why, Throwable cause) {
        super("bill " + billKey + " waits for the ledger (" + code + "): " + why, cause);
        this.code = code;
    }

    /** The error code counted on the bill, e.g. {@code LEDGER_UNAVAILABLE}. */
    public String code() {
        return code;
    }
}
