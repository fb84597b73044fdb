/**
 * Invoice documents: the signed canonical JSON ({@link io.fapiao.issuer.document.SignedInvoiceDocument}), whose
 * SHA-256 is the ledger's documentHash; its PDF with a QR code and the JSON attached
 * ({@link io.fapiao.issuer.document.InvoicePdf}); its OFD with the JSON attached and the issuer's SM2
 * e-seal ({@link io.fapiao.issuer.document.InvoiceOfd}); the JSON and the PDF stored once per number and served as stored
 * ({@link io.fapiao.issuer.document.Documents}).
 *
 * <pre>{@code
 * byte[] pdf = documents.pdf("FP01-2026-00000042").orElseThrow();
 * }</pre>
 */
package io.fapiao.issuer.document;
