package io.fapiao.ledger.client;

/**
 * The contract refused the transaction, with one of its stable codes (see docs/chaincode.md), for
 * example {@code BILL_CONFLICT} or {@code NOT_QUALIFIED}. Never retried: the same call would be
 * refused again.
 *
 * <pre>{@code
 * try {
 *     ledger.submitBill(sealed);
 * } catch (ChaincodeRejection e) {
 *     if (e.code().equals("BILL_CONFLICT")) { ... }
 * }
 * }</pre>
 */
public final class ChaincodeRejection extends LedgerException {
    private final String code;
    private final String reason;

    ChaincodeRejection(Step step, String transactionId, String code, String reason, Throwable cause) {
        super(step, transactionId, code + ": " + reason, cause);
        this.code = code;
        this.reason = reason;
    }

    /** The chaincode's stable error code, or {@code UNKNOWN} when its message carried none. */
    public String code() {
        return code;
    }

    /** The chaincode's explanation, without the code. */
    public String reason() {
        return reason;
    }
}
