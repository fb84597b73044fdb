package io.fapiao.issuer.document;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.document.SignedDocument;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sealed invoice document: canonical JSON (RFC 8785) holding the {@link InvoiceContent} and the
 * issuer's signature over it. Its SHA-256, in lower-case hex, is the invoice's {@code documentHash}
 * on the ledger, so anyone holding these bytes can check them against IssueInvoice's record.
 *
 * <pre>
 * {"format":"fapiao.invoice-document.v1",
 *  "invoice":{...InvoiceContent...},
 *  "signature":{"certificate":"&lt;base64url DER&gt;","suite":"INTL","value":"&lt;base64url DER&gt;"}}
 * </pre>
 *
 * The signature is the suite's (ECDSA P-256/SHA-256 for INTL, SM2/SM3 for GM) over the canonical JSON
 * of the document without its {@code signature} member, i.e. of {@code {"format":...,"invoice":...}};
 * the certificate is the signer's.
 *
 * <pre>{@code
 * SignedInvoiceDocument document = SignedInvoiceDocument.sign(content, issuerSigner);
 * fapiaoLedger.issueInvoice(billKey, number, checkCodeDigest, document.sha256(), statementSignature);
 * InvoiceContent checked = SignedInvoiceDocument.verify(bytesFromAnywhere).content();
 * }</pre>
 *
 * @param json    the exact canonical bytes
 * @param sha256  SHA-256 of {@code json}, 64 lower-case hex digits
 * @param content what it certifies
 * @param signer  the certificate whose key signed it
 */
public record SignedInvoiceDocument(byte[] json, String sha256, InvoiceContent content, X509Certificate signer) {
    /** The value of the document's {@code format} member. */
    public static final String FORMAT = SignedDocument.INVOICE_FORMAT;

    public SignedInvoiceDocument {
        json = json.clone();
    }

    @Override
    public byte[] json() {
        return json.clone();
    }

    /** Signs {@code content} with {@code signer}. */
    public static SignedInvoiceDocument sign(InvoiceContent content, Signer signer) {
        ObjectNode unsigned = Json.mapper().createObjectNode();
        unsigned.put("format", FORMAT);
        unsigned.set("invoice", Json.mapper().valueToTree(content));
        byte[] signature = signer.sign(CanonicalJson.encode(unsigned));
        ObjectNode signed = unsigned.deepCopy();
        ObjectNode signatureNode = signed.putObject("signature");
        signatureNode.put("suite", signer.suite().name());
        try {
            signatureNode.put(
                    "certificate", Base64Url.encode(signer.certificate().getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the signer's certificate cannot be encoded", e);
        }
        signatureNode.put("value", Base64Url.encode(signature));
        byte[] json = CanonicalJson.encode(signed);
        return new SignedInvoiceDocument(json, sha256Hex(json), content, signer.certificate());
    }

    /**
     * Reads a document and checks it: canonical form, format, the signature under the certificate it
     * carries. (Whether that certificate is the issuer's is for the caller to judge, e.g. against the
     * issuer's CA.)
     *
     * @throws ProtocolException {@code MALFORMED} for anything not of the form above,
     *     {@code BAD_SIGNATURE} when the signature does not verify
     */
    public static SignedInvoiceDocument verify(byte[] json) throws ProtocolException {
        SignedDocument signed = SignedDocument.verify(json, FORMAT);
        InvoiceContent content = Json.bind(signed.document().get("invoice"), InvoiceContent.class);
        return new SignedInvoiceDocument(json, signed.sha256(), content, signed.certificate());
    }

    /** SHA-256 of {@code bytes} as 64 lower-case hex digits. */
    public static String sha256Hex(byte[] bytes) {
        return SignedDocument.sha256Hex(bytes);
    }
}
