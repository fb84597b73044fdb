package io.fapiao.protocol.seal;

import io.fapiao.protocol.bill.InvoiceRequest;
import java.security.cert.X509Certificate;

/**
 * A sealed invoice request that a recipient opened and every check passed on.
 *
 * <pre>{@code
 * OpenedInvoiceRequest opened = opener.openInvoiceRequest(wireBytes, issuerKey);
 * String seller = opened.request().seller().uscc();   // equals opened.sealed().header().issuerId()
 * }</pre>
 *
 * @param request the validated invoice request
 * @param sealed  the envelope it came in
 * @param signer  the signer's certificate, issued by a trusted authority and valid at the issue time
 */
public record OpenedInvoiceRequest(InvoiceRequest request, SealedBill sealed, X509Certificate signer) {}
