/**
 * Invoice documents: the signed canonical JSON record ({@link io.fapiao.issuer.document.SignedInvoiceDocument}),
 * whose SHA-256 is the ledger's documentHash, stored once per number and served as stored
 * ({@link io.fapiao.issuer.document.Documents}); the renderers of its forms for people
 * ({@link io.fapiao.issuer.document.InvoiceRenderer}: the PDF/A-3 with a QR code, the record as its associated file and the issuer's PAdES signature,
 * {@link io.fapiao.issuer.document.InvoicePdf}; the OFD with the record attached and the issuer's SM2 e-seal,
 * {@link io.fapiao.issuer.document.InvoiceOfd}), which {@code io.fapiao.issuer.rendering} runs off the
 * issuance path.
 *
 * <pre>{@code
 * byte[] json = documents.signedJson("44010126-0000000042").orElseThrow();
 * }</pre>
 */
package io.fapiao.issuer.document;
