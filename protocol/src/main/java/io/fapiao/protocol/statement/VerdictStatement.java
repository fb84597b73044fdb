package io.fapiao.protocol.statement;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The finance verifier's verdict on a submitted bill, signed with the verifier's Fabric certificate and
 * checked by RecordVerification. Signed bytes, e.g.:
 * <pre>{"billKey":"9111...:MZ0001","headerDigest":"q1w...","reasonCodes":[],"statement":"fapiao.verdict.v1","verdict":"ACCEPTED"}</pre>
 *
 * <pre>{@code
 * byte[] signature = new VerdictStatement(billKey, headerDigest, "REJECTED", List.of("AMOUNT_MISMATCH")).sign(signer);
 * }</pre>
 *
 * @param billKey      {@code <uscc>:<billId>}
 * @param headerDigest the sealed bill's header digest, base64url as in the envelope
 * @param verdict      ACCEPTED or REJECTED
 * @param reasonCodes  the reasons, in the order given (empty for ACCEPTED)
 */
public record VerdictStatement(String billKey, String headerDigest, String verdict, List<String> reasonCodes)
        implements Statement {
    public static final String TYPE = "fapiao.verdict.v1";

    public VerdictStatement {
        reasonCodes = List.copyOf(reasonCodes);
    }

    @Override
    @JsonIgnore
    public String statementType() {
        return TYPE;
    }
}
