package io.fapiao.ledger.gateway;

import com.google.protobuf.ByteString;
import io.fapiao.ledger.auth.AuthenticationFailed;
import io.fapiao.ledger.auth.Authenticator;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.logging.Logger;

/**
 * The access check a Fabric peer applies to signed commit-status and chaincode-events requests: the
 * channel's {@code /Channel/Application/Readers} policy (any member of any organisation) evaluated on
 * the request's identity and signature. Failures are {@code PERMISSION_DENIED} with the peer's wording.
 *
 * <pre>{@code
 * requests.checkReader(channelId, request.getIdentity(), signed.getRequest(), signed.getSignature());
 * }</pre>
 */
final class SignedRequests {

    private static final Logger LOG = Logger.getLogger(SignedRequests.class.getName());
    private static final String READERS = "/Channel/Application/Readers";

    private final String channel;
    private final Authenticator authenticator;

    public SignedRequests(String channel, Authenticator authenticator) {
        this.channel = channel;
        this.authenticator = authenticator;
    }

    public void checkReader(String channelId, ByteString identity, ByteString data, ByteString signature) {
        if (!channel.equals(channelId)) {
            throw denied("Failed to get policy manager for channel [" + channelId + "]");
        }
        try {
            authenticator.authenticate(identity, data, signature);
        } catch (AuthenticationFailed e) {
            LOG.warning(() -> "signed request refused: " + e.getMessage());
            throw denied("Failed evaluating policy on signed data during check policy on channel [" + channelId
                    + "] with policy [" + READERS + "]: [implicit policy evaluation failed - 0 sub-policies were "
                    + "satisfied, but this policy requires 1 of the 'Readers' sub-policies to be satisfied]");
        }
    }

    private static StatusRuntimeException denied(String message) {
        return Status.PERMISSION_DENIED.withDescription(message).asRuntimeException();
    }
}
