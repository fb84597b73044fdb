package io.fapiao.ledger.client;

/**
 * The ledger answered, but not with the contract's documented result: the chaincode deployed under
 * this name is not the {@code fapiao} contract this client was built for, or a different version
 * of it. For a submit the transaction did commit ({@link #transactionId()}); only reading its result
 * failed. Not retried: the same call would answer the same way.
 *
 * <pre>{@code
 * catch (UnexpectedResult e) {
 *     alert("ledger contract version mismatch: " + e.getMessage());
 * }
 * }</pre>
 */
public final class UnexpectedResult extends LedgerException {

    UnexpectedResult(Step step, String transactionId, String message, Throwable cause) {
        super(step, transactionId, message, cause);
    }
}
