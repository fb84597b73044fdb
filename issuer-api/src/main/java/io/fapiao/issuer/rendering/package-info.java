/**
 * The invoice documents' renditions for people (PDF, OFD), made off the issuance path: issuance stores
 * the signed JSON record and anchors its hash; once the ledger recorded the invoice, the rendering
 * workers ({@link io.fapiao.issuer.rendering.DocumentRendering}, work queue {@code rendering}) render
 * it with every {@link io.fapiao.issuer.document.InvoiceRenderer} that can seal with the issuer's key
 * and store each rendition once ({@link io.fapiao.issuer.rendering.Renditions}); downloads get them
 * as stored, or wait briefly, or learn to come back ({@link io.fapiao.issuer.rendering.DocumentDownloads}).
 *
 * <pre>{@code
 * DocumentDownloads.Download download = downloads.fetch(documents.issued(number).orElseThrow(), DocumentFormat.PDF);
 * }</pre>
 */
package io.fapiao.issuer.rendering;
