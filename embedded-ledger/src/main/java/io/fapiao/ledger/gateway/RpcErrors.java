package io.fapiao.ledger.gateway;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * gRPC errors shaped as a Fabric gateway shapes them: a status code, a message, and, where the
 * gateway attaches them, {@link ErrorDetail}s naming the endorser or orderer and what it said.
 *
 * <pre>{@code
 * throw RpcErrors.withDetails(Status.Code.ABORTED, "failed to endorse transaction, see attached details for more info",
 *         RpcErrors.detail(node, "chaincode response 500, BILL_CONFLICT: ..."));
 * }</pre>
 */
public final class RpcErrors {

    private RpcErrors() {}

    public static StatusRuntimeException of(Status.Code code, String message) {
        return Status.fromCode(code).withDescription(message).asRuntimeException();
    }

    public static StatusRuntimeException withDetails(Status.Code code, String message, ErrorDetail... details) {
        com.google.rpc.Status.Builder status =
                com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message);
        for (ErrorDetail detail : details) {
            status.addDetails(Any.pack(detail));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }

    public static ErrorDetail detail(NodeAddress node, String message) {
        return ErrorDetail.newBuilder()
                .setAddress(node.address())
                .setMspId(node.mspId())
                .setMessage(message)
                .build();
    }

    /** How this node names itself in error details: its endpoint and its peer's MSP ID. */
    public record NodeAddress(String address, String mspId) {}
}
