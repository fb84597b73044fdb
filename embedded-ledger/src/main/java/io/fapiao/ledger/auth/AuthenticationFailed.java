package io.fapiao.ledger.auth;

import io.fapiao.ledger.msp.IdentityRejected;

/**
 * A signed message whose creator is not a member or whose signature does not verify. Callers turn it
 * into the exact error a Fabric peer or orderer gives at that step; {@link #getMessage()} says what
 * was wrong, for the node's log.
 *
 * <pre>{@code
 * try { auth.authenticate(creator, data, signature); }
 * catch (AuthenticationFailed e) { if (e.malformed()) ... else ... e.claimedMspId() ... }
 * }</pre>
 */
public final class AuthenticationFailed extends Exception {

    private final IdentityRejected.Reason reason;
    private final String claimedMspId;

    public AuthenticationFailed(IdentityRejected.Reason reason, String claimedMspId, String message) {
        super(message);
        this.reason = reason;
        this.claimedMspId = claimedMspId;
    }

    /** Null when the identity was accepted but the signature is wrong. */
    public IdentityRejected.Reason reason() {
        return reason;
    }

    /** Fabric cannot even deserialize the identity: unknown MSP or unparsable certificate. */
    public boolean malformed() {
        return reason == IdentityRejected.Reason.MALFORMED || reason == IdentityRejected.Reason.UNKNOWN_MSP;
    }

    public String claimedMspId() {
        return claimedMspId;
    }
}
