package io.fapiao.protocol.document;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Certificates;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A signed record in canonical JSON (RFC 8785) as the issuer writes an invoice's legal record: a
 * {@code format} member, the body, and a {@code signature} member holding the suite, the signer's
 * certificate and the suite's signature over the canonical JSON of the document without its
 * {@code signature} member. Its SHA-256 in lower-case hex is what the ledger records, so the issuer,
 * the auditor's CLI and anyone else read and check it with this one class.
 *
 * <pre>{@code
 * SignedDocument record = SignedDocument.verify(bytes, "fapiao.invoice-document.v1");
 * boolean anchored = record.sha256().equals(ledgerRecord.documentHash());
 * JsonNode invoice = record.document().get("invoice");
 * }</pre>
 *
 * @param json        the exact canonical bytes
 * @param sha256      SHA-256 of {@code json}, 64 lower-case hex digits
 * @param document    the whole document, signature member included
 * @param certificate the certificate whose key signed it (whether it is the issuer's is the caller's judgement)
 * @param suite       the signature's suite
 */
public record SignedDocument(
        byte[] json, String sha256, ObjectNode document, X509Certificate certificate, CryptoSuite suite) {

    /** The {@code format} of an invoice's legal record, which the issuer signs and the ledger anchors. */
    public static final String INVOICE_FORMAT = "fapiao.invoice-document.v1";

    public SignedDocument {
        json = json.clone();
        document = document.deepCopy();
    }

    @Override
    public byte[] json() {
        return json.clone();
    }

    @Override
    public ObjectNode document() {
        return document.deepCopy();
    }

    /**
     * Reads {@code json} and checks it: canonical form, {@code format}, and the signature under the
     * certificate it carries.
     *
     * @throws ProtocolException {@code MALFORMED} for anything not of the form above, {@code BAD_SIGNATURE}
     *     when the signature does not verify
     */
    public static SignedDocument verify(byte[] json, String format) throws ProtocolException {
        if (!Arrays.equals(CanonicalJson.canonicalize(json), json)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the signed document is not in canonical JSON form");
        }
        if (!(Json.readTree(json) instanceof ObjectNode document)
                || !(document.get("signature") instanceof ObjectNode signature)
                || !document.path("format").asString("").equals(format)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "not a " + format + " document with a signature member");
        }
        X509Certificate certificate =
                Certificates.fromDer(Base64Url.decode("signature.certificate", text(signature, "certificate")));
        CryptoSuite suite = CryptoSuite.named(text(signature, "suite"));
        byte[] value = Base64Url.decode("signature.value", text(signature, "value"));
        ObjectNode unsigned = document.deepCopy();
        unsigned.remove("signature");
        if (CryptoSuite.of(certificate.getPublicKey()) != suite
                || !suite.verify(certificate.getPublicKey(), CanonicalJson.encode(unsigned), value)) {
            throw new ProtocolException(
                    ErrorCode.BAD_SIGNATURE,
                    "the document's signature does not verify under the certificate it carries");
        }
        return new SignedDocument(json, sha256Hex(json), document, certificate, suite);
    }

    private static String text(JsonNode node, String field) throws ProtocolException {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "signature." + field + " is missing or not a string");
        }
        return value.asString();
    }

    /** SHA-256 of {@code bytes} as 64 lower-case hex digits. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JDK", e);
        }
    }
}
