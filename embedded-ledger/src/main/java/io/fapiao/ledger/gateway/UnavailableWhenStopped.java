package io.fapiao.ledger.gateway;

import io.fapiao.ledger.state.StateStoreClosed;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Answers {@code UNAVAILABLE} when a call outlives the node's stop and reaches the closed state store,
 * instead of letting the exception escape the handler (gRPC would log it as a server fault and send
 * {@code UNKNOWN}). The client may retry on a running node.
 *
 * <pre>{@code
 * builder.addService(ServerInterceptors.intercept(gateway, new UnavailableWhenStopped()));
 * }</pre>
 */
public final class UnavailableWhenStopped implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            @Override
            public void onMessage(Q message) {
                try {
                    super.onMessage(message);
                } catch (StateStoreClosed e) {
                    refuse(call, e);
                }
            }

            @Override
            public void onHalfClose() {
                try {
                    super.onHalfClose();
                } catch (StateStoreClosed e) {
                    refuse(call, e);
                }
            }
        };
    }

    private static void refuse(ServerCall<?, ?> call, StateStoreClosed e) {
        try {
            call.close(Status.UNAVAILABLE.withDescription(e.getMessage()), new Metadata());
        } catch (IllegalStateException alreadyClosed) {
            // the handler had answered before the store closed under it; nothing left to say
        }
    }
}
