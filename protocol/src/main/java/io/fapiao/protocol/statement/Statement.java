package io.fapiao.protocol.statement;

import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import java.security.cert.X509Certificate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Something a party signs and the contract checks against the caller's certificate: a verdict, an
 * issuance, a reversal, an anchored document. The signed bytes are the canonical JSON (RFC 8785) of
 * the statement's fields plus {@code "statement": <type>}, so a signature over one kind of statement
 * can never pass for another.
 *
 * <pre>{@code
 * VerdictStatement statement = new VerdictStatement(billKey, headerDigest, "ACCEPTED", List.of());
 * byte[] signature = statement.sign(verifierSigner);          // what the verifier service sends
 * boolean ok = statement.verifiedBy(callerCertificate, signature);  // what the contract checks
 * }</pre>
 */
public interface Statement {

    /** The statement type written into the signed bytes, e.g. {@code fapiao.verdict.v1}. */
    String statementType();

    /** The exact bytes that are signed. */
    default byte[] signedBytes() {
        ObjectNode node = Json.mapper().valueToTree(this);
        node.put("statement", statementType());
        return CanonicalJson.encode(node);
    }

    /** The signer's suite signature (DER) over {@link #signedBytes()}. */
    default byte[] sign(Signer signer) {
        return signer.sign(signedBytes());
    }

    /**
     * Whether {@code signature} is the certificate key's signature of {@link #signedBytes()}: ECDSA
     * P-256 with SHA-256 for a P-256 key, SM2 with SM3 for an SM2 key; false for any other key.
     */
    default boolean verifiedBy(X509Certificate certificate, byte[] signature) {
        try {
            CryptoSuite suite = CryptoSuite.of(certificate.getPublicKey());
            return suite.verify(certificate.getPublicKey(), signedBytes(), signature);
        } catch (io.fapiao.protocol.ProtocolException e) {
            return false;
        }
    }
}
