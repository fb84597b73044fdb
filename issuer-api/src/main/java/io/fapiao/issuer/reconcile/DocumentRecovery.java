package io.fapiao.issuer.reconcile;

import io.fapiao.issuer.document.Documents;
import io.fapiao.issuer.document.InvoiceContent;
import io.fapiao.issuer.document.SignedInvoiceDocument;
import io.fapiao.issuer.document.StoredDocument;
import io.fapiao.issuer.issuance.IssuanceException;
import io.fapiao.issuer.issuance.IssuerKeys;
import io.fapiao.issuer.numbering.NumberPurpose;
import io.fapiao.issuer.numbering.Numbering;
import io.fapiao.issuer.numbering.TakenNumber;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.Reversal;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Makes a lost red-letter document again, byte for byte, from what the issuer still holds: the blue
 * document it quotes, the red number's durable record (the time it was taken is the red invoice's
 * issue time) and the document key, which signs deterministically; {@link Documents#rebuild} keeps it
 * only when its SHA-256 is the hash the ledger anchored. (A lost blue document comes back when the
 * issuance is adopted from the ledger: {@code Issuance.adoptFromLedger}.)
 *
 * <pre>{@code
 * Optional<String> failure = recovery.rebuildRed(blueInvoice);   // empty: stored, hash as on the ledger
 * }</pre>
 */
@Component
public class DocumentRecovery {
    private final Numbering numbering;
    private final Documents documents;
    private final IssuerKeys keys;

    public DocumentRecovery(Numbering numbering, Documents documents, IssuerKeys keys) {
        this.numbering = Objects.requireNonNull(numbering, "numbering");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Rebuilds and stores the red-letter document of the reversal of {@code blue}; needs the blue
     * document stored here with the ledger's hash (the red one quotes it).
     *
     * @return empty when the document is stored with the ledger's hash; otherwise why it was not
     */
    public Optional<String> rebuildRed(InvoiceRecord blue) {
        Reversal reversal = blue.reversal();
        String red = reversal.redInvoiceNumber();
        Optional<StoredDocument> blueDocument = documents
                .forNumber(blue.invoiceNumber())
                .filter(d -> d.documentHash().equals(blue.documentHash()));
        if (blueDocument.isEmpty()) {
            return Optional.of("the red-letter document quotes the blue one, " + blue.invoiceNumber()
                    + ", which is not stored here with the ledger's hash");
        }
        Optional<TakenNumber> taken = numbering
                .find(red)
                .filter(n -> n.purpose() == NumberPurpose.RED && n.subject().equals(blue.invoiceNumber()));
        if (taken.isEmpty()) {
            return Optional.of("this issuer has no record of red number " + red + " taken for " + blue.invoiceNumber()
                    + ": the document cannot be made again byte for byte");
        }
        try {
            InvoiceContent blueContent = SignedInvoiceDocument.verify(
                            blueDocument.get().signedJson())
                    .content();
            InvoiceContent content = blueContent
                    .redLetter(blueDocument.get().documentHash(), reversal.reasonCode())
                    .numbered(red, null, taken.get().takenAt().toString());
            return store(content, reversal.documentHash());
        } catch (ProtocolException e) {
            return Optional.of("the stored document of " + blue.invoiceNumber() + " does not verify: " + e.code());
        } catch (IssuanceException e) {
            return Optional.of(e.code() + ": " + e.getMessage());
        }
    }

    /** Makes the document again through {@link Documents#rebuild}, which keeps it only with the ledger's hash. */
    private Optional<String> store(InvoiceContent content, String anchored) throws IssuanceException {
        Signer signer = keys.documentSigner(CryptoSuite.valueOf(content.source().suite()));
        try {
            return documents
                    .rebuild(content, signer, anchored)
                    .map(stored -> stored.documentHash().equals(anchored)
                            ? null
                            : "another document of " + content.invoiceNumber() + " is stored here")
                    .or(() -> Optional.of("made again, the document does not hash to the ledger's " + anchored
                            + " (was it signed by a key that draws its own nonce, such as a PKCS#11 token?); "
                            + "nothing stored"));
        } catch (RuntimeException e) {
            return Optional.of("the document could not be signed or stored: " + e.getMessage());
        }
    }
}
