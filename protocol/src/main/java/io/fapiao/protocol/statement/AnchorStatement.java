package io.fapiao.protocol.statement;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A participant's statement that a document with this id has this SHA-256, signed with its Fabric
 * certificate and checked by AnchorDocument. Signed bytes, e.g.:
 * <pre>{"documentId":"V-2026-0001","kind":"voucher-attachment","sha256":"9f86...","statement":"fapiao.anchor.v1"}</pre>
 *
 * <pre>{@code
 * byte[] signature = new AnchorStatement("contract", "C-17", sha256Hex).sign(signer);
 * }</pre>
 *
 * @param kind       what the document is, e.g. {@code voucher-attachment}, {@code contract}
 * @param documentId the document's id within its kind
 * @param sha256     SHA-256 of the document, 64 lower-case hex digits
 */
public record AnchorStatement(String kind, String documentId, String sha256) implements Statement {
    public static final String TYPE = "fapiao.anchor.v1";

    @Override
    @JsonIgnore
    public String statementType() {
        return TYPE;
    }
}
