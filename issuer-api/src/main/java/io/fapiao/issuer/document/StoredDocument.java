package io.fapiao.issuer.document;

import java.time.Instant;

/**
 * An invoice document as stored: the signed JSON (content-addressed by its SHA-256, the ledger's
 * documentHash) and the PDF rendered from it, both written once.
 *
 * <pre>{@code
 * StoredDocument stored = documents.forNumber("FP01-2026-00000001").orElseThrow();
 * boolean anchored = stored.documentHash().equals(fapiaoLedger.invoice(number).documentHash());
 * }</pre>
 *
 * @param invoiceNumber the invoice's number
 * @param documentHash  SHA-256 of {@code signedJson}, 64 lower-case hex digits
 * @param signedJson    the signed canonical JSON
 * @param pdf           its PDF rendering
 * @param pdfSha256     SHA-256 of {@code pdf}, hex (for ETags and integrity checks)
 * @param createdAt     when it was stored
 */
public record StoredDocument(
        String invoiceNumber, String documentHash, byte[] signedJson, byte[] pdf, String pdfSha256, Instant createdAt) {

    public StoredDocument {
        signedJson = signedJson.clone();
        pdf = pdf.clone();
    }

    @Override
    public byte[] signedJson() {
        return signedJson.clone();
    }

    @Override
    public byte[] pdf() {
        return pdf.clone();
    }
}
