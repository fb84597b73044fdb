package io.fapiao.chaincode.document;

import io.fapiao.chaincode.Arguments;
import io.fapiao.chaincode.ChaincodeError;
import io.fapiao.chaincode.Event;
import io.fapiao.chaincode.access.Access;
import io.fapiao.chaincode.access.Caller;
import io.fapiao.chaincode.ledger.Keys;
import io.fapiao.chaincode.ledger.Ledger;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.ledger.AnchoredDocument;
import io.fapiao.protocol.ledger.Provenance;
import io.fapiao.protocol.statement.AnchorStatement;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Anchoring of document hashes by any registered participant (any caller whose role the governance
 * record grants to its MSP). Anchoring the same hash again is a no-op; another hash under the same
 * kind and id is refused.
 *
 * <pre>{@code
 * AnchoredDocument doc = new Documents(ledger, access).anchor(caller, "contract", "C-17", sha256Hex, signature);
 * }</pre>
 */
public final class Documents {
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

    private final Ledger ledger;
    private final Access access;

    public Documents(Ledger ledger, Access access) {
        this.ledger = ledger;
        this.access = access;
    }

    public AnchoredDocument anchor(Caller caller, String kind, String documentId, String sha256, String signature) {
        access.requireGranted(caller);
        Arguments.requireMatch("kind", kind, KIND, "a kind of lower-case letters, digits and '-', e.g. contract");
        Arguments.requireMatch("documentId", documentId, DOCUMENT_ID, "1 to 128 letters, digits or . _ : / -");
        Arguments.requireSha256Hex("sha256", sha256);
        byte[] signatureBytes = Arguments.base64Url("signature", signature);
        if (!new AnchorStatement(kind, documentId, sha256).verifiedBy(caller.certificate(), signatureBytes)) {
            throw ChaincodeError.BAD_SIGNATURE.exception("signature does not verify under the caller's certificate "
                    + "over the fapiao.anchor.v1 statement for " + kind + " " + documentId);
        }
        Optional<AnchoredDocument> existing = ledger.read(Keys.document(kind, documentId), AnchoredDocument.class);
        if (existing.isPresent()) {
            if (existing.get().sha256().equals(sha256)) {
                return existing.get();
            }
            throw ChaincodeError.DOCUMENT_CONFLICT.exception(kind + " " + documentId + " was anchored with SHA-256 "
                    + existing.get().sha256() + " by MSP "
                    + existing.get().written().mspId()
                    + "; a changed document needs a new id");
        }
        Provenance written = ledger.provenance(caller.mspId(), caller.fingerprint());
        AnchoredDocument document =
                new AnchoredDocument(kind, documentId, sha256, Base64Url.encode(signatureBytes), written);
        ledger.write(Keys.document(kind, documentId), document);
        ledger.emit(
                "DocumentAnchored",
                Event.of("document:" + kind + ":" + documentId, "ANCHORED", written)
                        .with("kind", kind)
                        .with("documentId", documentId)
                        .with("sha256", sha256));
        return document;
    }

    public AnchoredDocument get(Caller caller, String kind, String documentId) {
        access.requireGranted(caller);
        Arguments.requireMatch("kind", kind, KIND, "a kind of lower-case letters, digits and '-', e.g. contract");
        Arguments.requireMatch("documentId", documentId, DOCUMENT_ID, "1 to 128 letters, digits or . _ : / -");
        return ledger.read(Keys.document(kind, documentId), AnchoredDocument.class)
                .orElseThrow(() -> ChaincodeError.NOT_FOUND.exception(kind + " " + documentId + " is not anchored"));
    }
}
