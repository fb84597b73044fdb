/**
 * Invoice documents: the signed canonical JSON ({@link io.fapiao.issuer.document.SignedInvoiceDocument}), whose
 * SHA-256 is the ledger's documentHash; its PDF/A-3 with a QR code, the JSON embedded as its
 * associated file and the issuer's PAdES signature ({@link io.fapiao.issuer.document.InvoicePdf}); both stored once per number and served as stored
 * ({@link io.fapiao.issuer.document.Documents}).
 *
 * <pre>{@code
 * byte[] pdf = documents.pdf("FP01-2026-00000042").orElseThrow();
 * }</pre>
 */
package io.fapiao.issuer.document;
