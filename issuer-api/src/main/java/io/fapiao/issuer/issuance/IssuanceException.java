package io.fapiao.issuer.issuance;

/**
 * An issuance or reversal that did not complete. {@link #code()} is stable (see docs/api.md,
 * issuer-api); {@link #step()} says where it stopped; {@link #retryable()} whether the same call may
 * succeed later as things are (the ledger was unreachable) or needs something to change first.
 *
 * <pre>{@code
 * try {
 *     issuance.issue(billKey);
 * } catch (IssuanceException e) {
 *     if (e.retryable()) { ... 503, Retry-After ... } else { ... 4xx with e.code() ... }
 * }
 * }</pre>
 */
public final class IssuanceException extends Exception {

    /** Where an issuance or reversal stopped. */
    public enum Step {
        /** Reading the bill or invoice from the ledger. */
        READ_LEDGER,
        /** Opening the sealed bill with the issuer's key. */
        OPEN_ENVELOPE,
        /** Taking an invoice number. */
        TAKE_NUMBER,
        /** Signing and storing the document (the signed JSON record). */
        SEAL_DOCUMENT,
        /** IssueInvoice or ReverseInvoice on the ledger. */
        RECORD
    }

    private final String code;
    private final Step step;
    private final boolean retryable;

    public IssuanceException(String code, Step step, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.step = step;
        this.retryable = retryable;
    }

    public IssuanceException(String code, Step step, boolean retryable, String message) {
        this(code, step, retryable, message, null);
    }

    /** The stable code, e.g. {@code BILL_NOT_VERIFIED} or {@code LEDGER_UNAVAILABLE}. */
    public String code() {
        return code;
    }

    public Step step() {
        return step;
    }

    public boolean retryable() {
        return retryable;
    }
}
