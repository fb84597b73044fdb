package io.fapiao.ledger.client;

/**
 * The transaction was ordered into a block but validation marked it invalid, so none of its writes
 * took effect. {@link #validationCode()} is Fabric's {@code TxValidationCode} name, for example
 * {@code MVCC_READ_CONFLICT} (retried by the client with a fresh proposal until the policy's attempts
 * run out) or {@code ENDORSEMENT_POLICY_FAILURE}.
 */
public final class TransactionInvalid extends LedgerException {
    private final String validationCode;
    private final long blockNumber;

    TransactionInvalid(String transactionId, String validationCode, long blockNumber) {
        super(
                Step.COMMIT,
                transactionId,
                "transaction " + transactionId + " was committed invalid in block " + blockNumber + ": "
                        + validationCode,
                null);
        this.validationCode = validationCode;
        this.blockNumber = blockNumber;
    }

    public String validationCode() {
        return validationCode;
    }

    public long blockNumber() {
        return blockNumber;
    }
}
