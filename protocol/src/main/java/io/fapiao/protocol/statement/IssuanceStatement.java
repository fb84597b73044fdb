package io.fapiao.protocol.statement;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The issuer's statement that it issued a verified bill as an invoice, signed with the issuer's Fabric
 * certificate and checked by IssueInvoice. Signed bytes, e.g.:
 * <pre>{"billKey":"9111...:MZ0001","checkCode":"12345678901234567890","documentHash":"9f86...","headerDigest":"q1w...","invoiceNumber":"HN01-2026-00000001","statement":"fapiao.issuance.v1"}</pre>
 *
 * <pre>{@code
 * byte[] signature = new IssuanceStatement(billKey, headerDigest, number, checkCode, sha256Hex).sign(signer);
 * }</pre>
 *
 * @param billKey       {@code <uscc>:<billId>}
 * @param headerDigest  the bill's header digest, base64url
 * @param invoiceNumber {@code <series>-<year>-<8-digit sequence>}
 * @param checkCode     the invoice's check code
 * @param documentHash  SHA-256 of the sealed invoice document, 64 lower-case hex digits
 */
public record IssuanceStatement(String billKey, String headerDigest, String invoiceNumber, String checkCode,
        String documentHash) implements Statement {
    public static final String TYPE = "fapiao.issuance.v1";

    @Override
    @JsonIgnore
    public String statementType() {
        return TYPE;
    }
}
