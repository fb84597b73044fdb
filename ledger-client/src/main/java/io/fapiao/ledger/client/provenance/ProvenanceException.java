package io.fapiao.ledger.client.provenance;

/**
 * A provenance request that cannot be answered for a reason of its own (the ledger answered fine):
 * the key names neither a bill nor an invoice, or what the ledger returned does not form the history
 * it should (a block that does not parse, a history version that no transaction wrote).
 *
 * <pre>{@code
 * try {
 *     reader.timeline("not a key");
 * } catch (ProvenanceException e) {
 *     if (e.reason() == ProvenanceException.Reason.MALFORMED_KEY) { ... 400 ... }
 * }
 * }</pre>
 */
public final class ProvenanceException extends Exception {

    /** Why. */
    public enum Reason {
        /** The key is neither {@code <uscc>:<billId>} nor an invoice number. */
        MALFORMED_KEY,
        /** The ledger's blocks and key history do not agree; report it, the ledger may be damaged. */
        INCONSISTENT_LEDGER
    }

    private final Reason reason;

    public ProvenanceException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ProvenanceException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
