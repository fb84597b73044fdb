package io.fapiao.protocol.seal;

import io.fapiao.protocol.bill.Bill;
import java.security.cert.X509Certificate;

/**
 * A sealed bill that a recipient opened and every check passed on.
 *
 * @param bill   the validated bill
 * @param sealed the envelope it came in
 * @param signer the signer's certificate, issued by a trusted authority and valid at the issue time
 */
public record OpenedBill(Bill bill, SealedBill sealed, X509Certificate signer) {}
