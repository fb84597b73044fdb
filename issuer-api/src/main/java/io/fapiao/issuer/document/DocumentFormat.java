package io.fapiao.issuer.document;

/**
 * The forms an invoice document is rendered in for people. The legal record is the signed JSON
 * ({@link SignedInvoiceDocument}); every format carries it and is derived from it.
 *
 * <pre>{@code
 * DocumentFormat format = DocumentFormat.OFD;
 * response.contentType(format.mediaType()).filename(number + format.extension());
 * }</pre>
 */
public enum DocumentFormat {
    /** PDF/A-3 with the record as an associated file and the issuer's PAdES signature. */
    PDF("application/pdf", ".pdf"),
    /** OFD (GB/T 33190) with the record attached and the issuer's SM2 e-seal (GB/T 38540). */
    OFD("application/ofd", ".ofd");

    private final String mediaType;
    private final String extension;

    DocumentFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }
}
