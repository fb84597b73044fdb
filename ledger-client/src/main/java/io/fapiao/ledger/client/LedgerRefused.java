package io.fapiao.ledger.client;

/**
 * The ledger refused the request before any contract ran: the caller's identity is not accepted
 * (unknown CA, expired or revoked certificate), the signature is bad, the channel or chaincode does
 * not exist. Never retried; {@link #status()} is the gRPC status code the gateway gave.
 */
public final class LedgerRefused extends LedgerException {
    private final io.grpc.Status.Code status;

    LedgerRefused(Step step, String transactionId, io.grpc.Status.Code status, String message, Throwable cause) {
        super(step, transactionId, message, cause);
        this.status = status;
    }

    public io.grpc.Status.Code status() {
        return status;
    }
}
