package io.fapiao.ledger.client;

import io.fapiao.ledger.client.LedgerException.Step;
import io.grpc.Status;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * Reads a failed gateway call the way a Fabric gateway reports it. A chaincode's own error reaches
 * the client as "chaincode response 500, CODE: reason", in the status message (evaluate) or in
 * the per-endorser details (endorse); anything else is the gateway's or the node's, and only some of
 * those are worth another attempt.
 */
record GatewayFailure(Status status, List<ErrorDetail> details, Exception cause) {
    private static final Pattern CHAINCODE_RESPONSE =
            Pattern.compile("chaincode response (\\d+), (.*)", Pattern.DOTALL);
    private static final Pattern CODED = Pattern.compile("([A-Z][A-Z0-9_]*): ?(.*)", Pattern.DOTALL);

    /**
     * Codes after which the same request may succeed. ABORTED is the gateway's "retry on another
     * peer" for failures raised outside the chaincode; a chaincode's refusal never reaches here.
     * CANCELLED reaches a client that did not cancel only when the server reset the stream, as a node
     * does for every open call while it shuts down: the node is going away, not refusing.
     */
    private static final Set<Status.Code> TRANSIENT = EnumSet.of(
            Status.Code.UNAVAILABLE,
            Status.Code.CANCELLED,
            Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.ABORTED);

    static GatewayFailure of(GatewayException e) {
        return new GatewayFailure(e.getStatus(), e.getDetails(), e);
    }

    static GatewayFailure of(GatewayRuntimeException e) {
        return new GatewayFailure(e.getStatus(), e.getDetails(), e);
    }

    /** The chaincode's refusal this failure carries, if it carries one. */
    Optional<ChaincodeRejection> rejection(Step step, String transactionId) {
        for (ErrorDetail detail : details) {
            Optional<ChaincodeRejection> found = parse(step, transactionId, detail.getMessage());
            if (found.isPresent()) {
                return found;
            }
        }
        return parse(step, transactionId, String.valueOf(status.getDescription()));
    }

    /** Throws the refusal this failure stands for, unless another attempt may succeed. */
    void throwUnlessTransient(Step step, String transactionId) throws ChaincodeRejection, LedgerRefused {
        Optional<ChaincodeRejection> rejection = rejection(step, transactionId);
        if (rejection.isPresent()) {
            throw rejection.get();
        }
        if (!isTransient()) {
            throw refused(step, transactionId);
        }
    }

    /**
     * What a Fabric gateway says, under a code that is otherwise worth retrying (ABORTED), when the
     * request itself was refused: the endorser's proposal check (unknown CA, revoked or expired
     * certificate, bad signature), the orderer's FORBIDDEN or BAD_REQUEST, a transaction id already
     * committed. The same request would be refused again.
     */
    private static final List<String> REFUSALS = List.of(
            "error validating proposal",
            "access denied",
            "status=FORBIDDEN",
            "status=BAD_REQUEST",
            "duplicate transaction found");

    /**
     * What a Fabric gateway says under FAILED_PRECONDITION when it cannot yet gather the endorsements
     * the policy needs: its service discovery has not yet seen enough peers (seconds after a network
     * starts, or while a peer restarts). The same request succeeds once enough peers are known.
     */
    private static final String NO_ENDORSERS_YET =
            "no combination of peers can be derived which satisfy the endorsement policy";

    boolean isTransient() {
        if (status.getCode() == Status.Code.FAILED_PRECONDITION) {
            return mentions(NO_ENDORSERS_YET) && !saysRefused();
        }
        return TRANSIENT.contains(status.getCode()) && !saysRefused();
    }

    private boolean mentions(String phrase) {
        String description = status.getDescription();
        return (description != null && description.contains(phrase))
                || details.stream()
                        .anyMatch(detail -> detail.getMessage() != null
                                && detail.getMessage().contains(phrase));
    }

    private boolean saysRefused() {
        if (mentionsRefusal(status.getDescription())) {
            return true;
        }
        return details.stream().anyMatch(detail -> mentionsRefusal(detail.getMessage()));
    }

    private static boolean mentionsRefusal(String message) {
        return message != null && REFUSALS.stream().anyMatch(message::contains);
    }

    LedgerRefused refused(Step step, String transactionId) {
        return new LedgerRefused(step, transactionId, status.getCode(), describe(), cause);
    }

    LedgerUnavailable unavailable(Step step, String transactionId, int attempts) {
        return new LedgerUnavailable(step, transactionId, attempts, describe(), cause);
    }

    /** The status message followed by what each endorser said, for a person to read. */
    String describe() {
        StringBuilder text = new StringBuilder(status.getCode().name());
        if (status.getDescription() != null) {
            text.append(": ").append(status.getDescription());
        }
        for (ErrorDetail detail : details) {
            text.append("; ")
                    .append(detail.getMspId())
                    .append('@')
                    .append(detail.getAddress())
                    .append(": ")
                    .append(detail.getMessage());
        }
        return text.toString();
    }

    private Optional<ChaincodeRejection> parse(Step step, String transactionId, String message) {
        Matcher response = CHAINCODE_RESPONSE.matcher(message);
        if (!response.find()) {
            return Optional.empty();
        }
        String said = response.group(2).strip();
        Matcher coded = CODED.matcher(said);
        if (coded.matches()) {
            return Optional.of(new ChaincodeRejection(step, transactionId, coded.group(1), coded.group(2), cause));
        }
        return Optional.of(new ChaincodeRejection(step, transactionId, "UNKNOWN", said, cause));
    }
}
