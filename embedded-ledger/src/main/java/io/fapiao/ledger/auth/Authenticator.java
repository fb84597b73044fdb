package io.fapiao.ledger.auth;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.ledger.msp.IdentityRejected;
import io.fapiao.ledger.msp.Member;
import io.fapiao.ledger.msp.Membership;
import java.time.Clock;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Checks a signed message as every Fabric component does: the creator must be a member of the
 * consortium (its certificate chains to its organisation's CA, is current and not revoked) and the
 * signature must be the creator's, over the exact bytes sent.
 *
 * <pre>{@code
 * Member client = authenticator.authenticate(signatureHeader.getCreator(), proposalBytes, signature);
 * }</pre>
 */
public final class Authenticator {

    private final Membership membership;
    private final Clock clock;

    public Authenticator(Membership membership, Clock clock) {
        this.membership = membership;
        this.clock = clock;
    }

    public Member authenticate(ByteString creator, ByteString data, ByteString signature) throws AuthenticationFailed {
        Member member;
        try {
            member = membership.validate(creator, clock.instant());
        } catch (IdentityRejected e) {
            throw new AuthenticationFailed(e.reason(), claimedMspId(creator), e.getMessage());
        }
        if (!member.verifies(data.toByteArray(), signature.toByteArray())) {
            throw new AuthenticationFailed(
                    null,
                    member.mspId(),
                    "the signature is not " + member.certificate().getSubjectX500Principal()
                            + "'s signature over the message");
        }
        return member;
    }

    public Member member(ByteString creator) throws AuthenticationFailed {
        try {
            return membership.validate(creator, clock.instant());
        } catch (IdentityRejected e) {
            throw new AuthenticationFailed(e.reason(), claimedMspId(creator), e.getMessage());
        }
    }

    private static String claimedMspId(ByteString creator) {
        try {
            return SerializedIdentity.parseFrom(creator).getMspid();
        } catch (InvalidProtocolBufferException e) {
            return "";
        }
    }
}
