package io.fapiao.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import io.fapiao.ledger.client.LedgerException.Step;
import io.grpc.protobuf.StatusProto;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.junit.jupiter.api.Test;

/** Failures shaped as a Fabric gateway shapes them (internal/pkg/gateway: evaluate.go, endorse.go). */
class GatewayFailureTest {

    private static GatewayException failure(int code, String message, String... endorserMessages) {
        com.google.rpc.Status.Builder status =
                com.google.rpc.Status.newBuilder().setCode(code).setMessage(message);
        for (String said : endorserMessages) {
            status.addDetails(Any.pack(ErrorDetail.newBuilder()
                    .setAddress("peer0:7051")
                    .setMspId("FinanceOrgMSP")
                    .setMessage(said)
                    .build()));
        }
        return new EndorseException("tx1", StatusProto.toStatusRuntimeException(status.build()));
    }

    @Test
    void aChaincodeErrorInTheDetailsIsARejectionWithItsCode() {
        GatewayException e = failure(
                10,
                "failed to endorse transaction, see attached details for more info",
                "chaincode response 500, BILL_CONFLICT: bill X was already submitted with another digest");

        ChaincodeRejection rejection =
                GatewayFailure.of(e).rejection(Step.ENDORSE, "tx1").orElseThrow();

        assertThat(rejection.code()).isEqualTo("BILL_CONFLICT");
        assertThat(rejection.reason()).isEqualTo("bill X was already submitted with another digest");
        assertThat(rejection.step()).isEqualTo(Step.ENDORSE);
        assertThat(rejection.transactionId()).contains("tx1");
    }

    @Test
    void aChaincodeErrorInTheStatusMessageIsARejection() {
        GatewayException e = failure(
                2, "evaluate call to endorser returned error: chaincode response 500, " + "NOT_FOUND: no bill 9132:B1");

        assertThat(GatewayFailure.of(e)
                        .rejection(Step.EVALUATE, null)
                        .orElseThrow()
                        .code())
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void aChaincodeErrorWithoutACodeIsUnknown() {
        GatewayException e = failure(2, "evaluate call to endorser returned error: chaincode response 500, boom");

        ChaincodeRejection rejection =
                GatewayFailure.of(e).rejection(Step.EVALUATE, null).orElseThrow();
        assertThat(rejection.code()).isEqualTo("UNKNOWN");
        assertThat(rejection.reason()).isEqualTo("boom");
    }

    @Test
    void anUnreachableNodeIsTransientAndNotARejection() throws Exception {
        GatewayFailure failure = GatewayFailure.of(failure(14, "connection refused"));

        assertThat(failure.rejection(Step.ENDORSE, "tx1")).isEmpty();
        assertThat(failure.isTransient()).isTrue();
        failure.throwUnlessTransient(Step.ENDORSE, "tx1");
        assertThat(failure.unavailable(Step.ENDORSE, "tx1", 5).getMessage())
                .isEqualTo("UNAVAILABLE: connection refused (after 5 attempts)");
    }

    @Test
    void aStreamResetByAStoppingNodeIsTransient() {
        GatewayFailure failure = GatewayFailure.of(failure(1, "RST_STREAM closed stream. HTTP/2 error code: CANCEL"));

        assertThat(failure.rejection(Step.EVENTS, null)).isEmpty();
        assertThat(failure.isTransient()).isTrue();
    }

    @Test
    void aGatewayThatCannotYetGatherEnoughEndorsersIsTransient() {
        // Fabric's gateway seconds after a network starts, before discovery has seen every peer.
        GatewayFailure failure = GatewayFailure.of(failure(
                9,
                "no combination of peers can be derived which "
                        + "satisfy the endorsement policy: required chaincodes are not installed on sufficient peers"));

        assertThat(failure.rejection(Step.ENDORSE, "tx1")).isEmpty();
        assertThat(failure.isTransient()).isTrue();
    }

    @Test
    void aRefusedIdentityIsPermanent() {
        GatewayFailure failure = GatewayFailure.of(failure(9, "access denied: creator's certificate was revoked"));

        assertThat(failure.isTransient()).isFalse();
        assertThatThrownBy(() -> failure.throwUnlessTransient(Step.SUBMIT, "tx1"))
                .isInstanceOfSatisfying(LedgerRefused.class, e -> {
                    assertThat(e.status()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getMessage()).contains("revoked");
                });
    }

    @Test
    void anEndorserRefusingTheCreatorIsPermanentThoughTheCodeIsAborted() {
        GatewayFailure failure = GatewayFailure.of(failure(
                10,
                "failed to endorse transaction, see attached details for more info",
                "error validating proposal: access denied: channel [fapiao] creator org [HospitalOrgMSP]"));

        assertThat(failure.isTransient()).isFalse();
        assertThatThrownBy(() -> failure.throwUnlessTransient(Step.ENDORSE, "tx1"))
                .isInstanceOfSatisfying(LedgerRefused.class, e -> {
                    assertThat(e.status()).isEqualTo(io.grpc.Status.Code.ABORTED);
                    assertThat(e.getMessage()).contains("access denied");
                });
    }

    @Test
    void theOrdererForbiddingIsPermanentButItsBeingBusyIsNot() {
        assertThat(GatewayFailure.of(failure(
                                10,
                                "received unsuccessful response from orderer: status=FORBIDDEN, "
                                        + "info=implicit policy evaluation failed"))
                        .isTransient())
                .isFalse();
        assertThat(GatewayFailure.of(failure(
                                10,
                                "received unsuccessful response from orderer: "
                                        + "status=SERVICE_UNAVAILABLE, info=backlog"))
                        .isTransient())
                .isTrue();
        assertThat(GatewayFailure.of(failure(
                                10,
                                "failed to endorse transaction, see attached details for more info",
                                "rpc error: code = Unavailable desc = connection refused"))
                        .isTransient())
                .isTrue();
    }

    @Test
    void theDescriptionNamesEachEndorser() {
        GatewayFailure failure = GatewayFailure.of(failure(
                10, "failed to collect enough transaction endorsements", "proposal response was not successful"));

        assertThat(failure.describe())
                .isEqualTo("ABORTED: failed to collect enough transaction endorsements; "
                        + "FinanceOrgMSP@peer0:7051: proposal response was not successful");
    }
}
