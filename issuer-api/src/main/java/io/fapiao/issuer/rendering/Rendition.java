package io.fapiao.issuer.rendering;

import io.fapiao.issuer.document.DocumentFormat;
import java.time.Instant;

/**
 * One stored rendition of an invoice document: the bytes of one {@link DocumentFormat}, made from the
 * signed JSON record (whose hash the ledger holds, and which the rendition carries) and written once.
 *
 * <pre>{@code
 * Rendition pdf = renditions.find("44010126-0000000001", DocumentFormat.PDF).orElseThrow();
 * response.contentType(pdf.format().mediaType()).eTag(pdf.sha256()).body(pdf.content());
 * }</pre>
 *
 * @param invoiceNumber the invoice's number
 * @param format        the format
 * @param content       the rendition's bytes
 * @param sha256        SHA-256 of {@code content}, 64 lower-case hex digits (its ETag; not the ledger's
 *                      documentHash, which is the signed JSON's)
 * @param renderedAt    when it was stored
 */
public record Rendition(
        String invoiceNumber, DocumentFormat format, byte[] content, String sha256, Instant renderedAt) {

    public Rendition {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
