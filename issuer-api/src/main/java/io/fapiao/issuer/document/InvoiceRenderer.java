package io.fapiao.issuer.document;

import io.fapiao.protocol.crypto.Signer;
import java.io.IOException;

/**
 * Renders the signed record of an invoice in one {@link DocumentFormat}, sealed by the issuer.
 * Rendering is a pure function of the record and the key: the same record and key give the same
 * bytes, so a rendering lost in a crash and made again carries the same embedded record, whose
 * hash is the ledger's.
 *
 * <pre>{@code
 * byte[] pdf = renderer.render(document, keys.documentSigner(suite));
 * }</pre>
 */
public interface InvoiceRenderer {
    /** The format this renderer writes. */
    DocumentFormat format();

    /** Whether this renderer can seal with {@code sealer}'s key (an OFD e-seal needs SM2, say). */
    default boolean canSeal(Signer sealer) {
        return true;
    }

    /** {@code document} in this format, sealed with {@code sealer}. */
    byte[] render(SignedInvoiceDocument document, Signer sealer) throws IOException;
}
