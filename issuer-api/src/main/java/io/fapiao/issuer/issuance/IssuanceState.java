package io.fapiao.issuer.issuance;

/**
 * Where this service is with one bill.
 *
 * <pre>{@code
 * if (issuance.status(billKey).map(IssuanceStatus::state).orElse(null) == IssuanceState.ISSUED) { ... }
 * }</pre>
 */
public enum IssuanceState {
    /** A number is taken (and perhaps the document stored); the ledger has not confirmed the issuance yet. */
    NUMBERED,
    /** Issued on the ledger. */
    ISSUED,
    /** Refused for good; {@link IssuanceStatus#failureCode()} says why. No number is held for it. */
    FAILED
}
