package io.fapiao.issuer.document;

import java.time.Instant;

/**
 * An invoice document as stored: the signed JSON, content-addressed by its SHA-256 (the ledger's
 * documentHash), written once. Its renditions for people (PDF, OFD) are made from it later and stored
 * apart ({@code io.fapiao.issuer.rendering.Renditions}).
 *
 * <pre>{@code
 * StoredDocument stored = documents.forNumber("44010126-0000000001").orElseThrow();
 * boolean anchored = stored.documentHash().equals(fapiaoLedger.invoice(number).documentHash());
 * }</pre>
 *
 * @param invoiceNumber the invoice's number
 * @param documentHash  SHA-256 of {@code signedJson}, 64 lower-case hex digits
 * @param signedJson    the signed canonical JSON
 * @param createdAt     when it was stored
 */
public record StoredDocument(String invoiceNumber, String documentHash, byte[] signedJson, Instant createdAt) {

    public StoredDocument {
        signedJson = signedJson.clone();
    }

    @Override
    public byte[] signedJson() {
        return signedJson.clone();
    }
}
