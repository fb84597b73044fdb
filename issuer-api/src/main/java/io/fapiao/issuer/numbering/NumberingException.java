package io.fapiao.issuer.numbering;

/**
 * No invoice number could be taken: the local ranges are used up and reserving more on the ledger
 * failed. Worth retrying when the ledger is back, unless {@link #code()} is {@code RANGE_EXHAUSTED}
 * (the series has no numbers left this year) or another refusal by the contract.
 *
 * <pre>{@code
 * try {
 *     numbering.take(NumberPurpose.BLUE, billKey);
 * } catch (NumberingException e) {
 *     log.warn("no number for {}: {} {}", billKey, e.code(), e.getMessage());
 * }
 * }</pre>
 */
public final class NumberingException extends Exception {
    private final String code;
    private final boolean retryable;

    public NumberingException(String code, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    /** {@code NUMBERS_UNAVAILABLE} (ledger unreachable) or the contract's code, e.g. {@code RANGE_EXHAUSTED}. */
    public String code() {
        return code;
    }

    /** Whether the same call may succeed later without anyone changing anything. */
    public boolean retryable() {
        return retryable;
    }
}
