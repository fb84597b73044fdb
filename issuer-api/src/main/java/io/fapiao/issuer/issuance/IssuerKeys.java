package io.fapiao.issuer.issuance;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.RecipientKey;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.seal.BillOpener;
import io.fapiao.service.identity.KeyMaterial;
import io.fapiao.service.identity.KeyUnavailable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The issuer's keys by job: its Fabric identity signs ledger statements; the key of a bill's suite
 * opens the bill and signs its invoice document (INTL: the Fabric identity's P-256 key, GM: the SM2
 * key of {@code fapiao.issuer.gm-identity}); the trusted CAs judge the bills' signers. Keys from
 * files sign deterministically, so a document rebuilt from the same content has the same hash; a
 * PKCS#11 key does not, and is named in a warning at start.
 *
 * <pre>{@code
 * OpenedBill opened = keys.opener().open(envelope, keys.recipientKey(envelope.header().suite()));
 * SignedInvoiceDocument document = SignedInvoiceDocument.sign(content, keys.documentSigner(suite));
 * }</pre>
 */
@Component
public class IssuerKeys {
    private static final Logger LOG = LoggerFactory.getLogger(IssuerKeys.class);

    private final KeyMaterial identity;
    private final KeyMaterial gm;
    private final BillOpener opener;

    IssuerKeys(KeyMaterial identity, IssuerProperties properties) throws KeyUnavailable, IOException {
        this.identity = identity;
        this.gm = properties.gmIdentity() == null
                        || properties.gmIdentity().certificate() == null
                                && properties.gmIdentity().keyStore() == null
                ? null
                : KeyMaterial.load(properties.gmIdentity());
        if (gm != null && gm.suite() != CryptoSuite.GM) {
            throw new KeyUnavailable("fapiao.issuer.gm-identity must be an SM2 key, not " + gm.suite());
        }
        List<X509Certificate> authorities = new ArrayList<>();
        for (Path named : properties.trust().caCertificates()) {
            List<Path> files;
            if (Files.isDirectory(named)) {
                try (var listing = Files.list(named)) {
                    files = listing.filter(Files::isRegularFile).sorted().toList();
                }
            } else {
                files = List.of(named);
            }
            for (Path file : files) {
                try {
                    authorities.addAll(Pem.certificates(Files.readString(file)));
                } catch (ProtocolException e) {
                    throw new IOException(
                            "fapiao.issuer.trust.ca-certificates: " + file + " holds no usable PEM certificate: "
                                    + e.getMessage(),
                            e);
                }
            }
        }
        this.opener = authorities.isEmpty() ? null : BillOpener.trusting(CertificateTrust.of(authorities));
        if (opener == null) {
            LOG.warn(
                    "fapiao.issuer.trust.ca-certificates names no certificate: no bill can be opened, so none is issued");
        }
        if (gm == null) {
            LOG.warn("fapiao.issuer.gm-identity is not set: GM bills cannot be issued");
        }
        for (KeyMaterial documentKey : gm == null ? List.of(identity) : List.of(identity, gm)) {
            if (!documentKey.signer().deterministic()) {
                // A token draws its own ECDSA nonce: a document it signed cannot be made again with the same
                // hash. Documents.seal never re-signs a stored document, so only a lost store is at risk.
                LOG.warn(
                        "{} signs invoice documents with a nonce of its own (not RFC 6979): a stored document "
                                + "is served as stored, but one lost from the database cannot be rebuilt with the hash "
                                + "the ledger holds; back up the invoice_document table",
                        documentKey);
            }
        }
    }

    /** Signs IssuanceStatement and ReversalStatement: the caller's own Fabric identity. */
    public Signer statementSigner() throws IssuanceException {
        try {
            return identity.signer();
        } catch (KeyUnavailable e) {
            throw missing(CryptoSuite.INTL, e);
        }
    }

    /** Signs invoice documents of {@code suite}'s bills. */
    public Signer documentSigner(CryptoSuite suite) throws IssuanceException {
        try {
            return material(suite).signer();
        } catch (KeyUnavailable e) {
            throw missing(suite, e);
        }
    }

    /** Opens {@code suite}'s bills. */
    public RecipientKey recipientKey(CryptoSuite suite) throws IssuanceException {
        try {
            return material(suite).recipientKey();
        } catch (KeyUnavailable e) {
            throw missing(suite, e);
        }
    }

    /** Opens sealed bills whose signers a trusted CA certified. */
    public BillOpener opener() throws IssuanceException {
        if (opener == null) {
            throw new IssuanceException(
                    "ISSUER_MISCONFIGURED",
                    IssuanceException.Step.OPEN_ENVELOPE,
                    false,
                    "fapiao.issuer.trust.ca-certificates names no CA certificate, so no bill's signer can be trusted");
        }
        return opener;
    }

    private KeyMaterial material(CryptoSuite suite) throws KeyUnavailable {
        if (suite == CryptoSuite.GM) {
            if (gm == null) {
                throw new KeyUnavailable("fapiao.issuer.gm-identity is not set");
            }
            return gm;
        }
        return identity;
    }

    private static IssuanceException missing(CryptoSuite suite, KeyUnavailable e) {
        return new IssuanceException(
                "ISSUER_KEY_MISSING",
                IssuanceException.Step.OPEN_ENVELOPE,
                false,
                "the issuer has no usable " + suite + " key: " + e.getMessage(),
                e);
    }
}
