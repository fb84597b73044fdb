package io.fapiao.ledger.msp;

/**
 * An identity that a {@link Membership} does not accept. The message follows what a Fabric peer says
 * in the same case, so clients see the same text on the embedded node and on a Fabric network.
 *
 * <pre>{@code
 * try {
 *     membership.validate(creator, Instant.now());
 * } catch (IdentityRejected e) {
 *     if (e.reason() == IdentityRejected.Reason.REVOKED) { ... }
 * }
 * }</pre>
 */
public final class IdentityRejected extends Exception {

    /** Why the identity was refused. */
    public enum Reason {
        /** Not a SerializedIdentity, or its certificate does not parse. */
        MALFORMED,
        /** No organisation of the consortium has this MSP ID. */
        UNKNOWN_MSP,
        /** The certificate does not chain to the organisation's CA. */
        UNTRUSTED,
        /** The certificate (or its CA) was not valid at the time asked about. */
        EXPIRED,
        /** The organisation's revocation list names the certificate. */
        REVOKED,
        /**
         * The organisation classifies identities by NodeOU and the certificate carries none (or more
         * than one) of its client, peer, admin and orderer units.
         */
        NODE_OU
    }

    private final Reason reason;

    public IdentityRejected(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
