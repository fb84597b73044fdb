package io.fapiao.ledger.client;

import java.util.Optional;

/**
 * A ledger call that did not succeed. The subclass says why: the chaincode refused it
 * ({@link ChaincodeRejection}), the ledger refused the request itself ({@link LedgerRefused}), the
 * transaction committed but was marked invalid ({@link TransactionInvalid}), or the ledger could not
 * be reached in time ({@link LedgerUnavailable}); {@link #step()} says where it failed.
 */
public abstract class LedgerException extends Exception {

    /** The step of a ledger call. */
    public enum Step {
        EVALUATE,
        ENDORSE,
        SUBMIT,
        COMMIT_STATUS,
        COMMIT,
        EVENTS
    }

    private final Step step;
    private final String transactionId;

    LedgerException(Step step, String transactionId, String message, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.transactionId = transactionId;
    }

    public Step step() {
        return step;
    }

    /** The transaction's id, when the failure happened after one was assigned. */
    public Optional<String> transactionId() {
        return Optional.ofNullable(transactionId);
    }
}
