package io.fapiao.ledger.msp;

import com.google.protobuf.ByteString;
import java.time.Instant;

/**
 * The organisations a ledger node trusts, each known by its MSP ID. Turns the creator field of a
 * proposal, transaction or signed request (a Fabric {@code SerializedIdentity}) into a {@link Member}
 * whose certificate chains to that organisation's CA, was valid at the time asked about and is not
 * revoked.
 *
 * <pre>{@code
 * Member creator = membership.validate(signatureHeader.getCreator(), Instant.now());
 * if (!creator.verifies(payloadBytes, signature)) { ... }
 * }</pre>
 */
public interface Membership {

    /**
     * @param serializedIdentity the bytes of a {@code msp.SerializedIdentity} (MSP ID and PEM certificate)
     * @throws IdentityRejected saying why the identity is not a member
     */
    Member validate(ByteString serializedIdentity, Instant at) throws IdentityRejected;
}
