package io.fapiao.protocol.statement;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The issuer's statement that it issued a verified bill as an invoice, signed with the issuer's Fabric
 * certificate and checked by IssueInvoice. It covers the check code's digest, not the code: the
 * statement's signature is on the ledger for every reader. Signed bytes, e.g.:
 * <pre>{"billKey":"9111...:MZ0001","checkCodeDigest":"Xw1q...","documentHash":"9f86...","headerDigest":"q1w...","invoiceNumber":"44010126-0000000001","statement":"fapiao.issuance.v2"}</pre>
 *
 * <pre>{@code
 * String digest = CheckCodeDigest.of(digestKey, number, checkCode);
 * byte[] signature = new IssuanceStatement(billKey, headerDigest, number, digest, sha256Hex).sign(signer);
 * }</pre>
 *
 * @param billKey         {@code <uscc>:<billId>}
 * @param headerDigest    the bill's header digest, base64url
 * @param invoiceNumber   {@code <series>-<year>-<8-digit sequence>}
 * @param checkCodeDigest the {@link io.fapiao.protocol.ledger.CheckCodeDigest} of the invoice's check code
 * @param documentHash    SHA-256 of the sealed invoice document, 64 lower-case hex digits
 */
public record IssuanceStatement(
        String billKey, String headerDigest, String invoiceNumber, String checkCodeDigest, String documentHash)
        implements Statement {
    /** v2: v1 carried the check code itself. */
    public static final String TYPE = "fapiao.issuance.v2";

    @Override
    @JsonIgnore
    public String statementType() {
        return TYPE;
    }
}
