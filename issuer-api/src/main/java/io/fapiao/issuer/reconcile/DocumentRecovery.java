package io.fapiao.issuer.reconcile;

import io.fapiao.issuer.document.Documents;
import io.fapiao.issuer.document.InvoiceContent;
import io.fapiao.issuer.document.SignedInvoiceDocument;
import io.fapiao.issuer.document.StoredDocument;
import io.fapiao.issuer.issuance.BillContents;
import io.fapiao.issuer.issuance.IssuanceException;
import io.fapiao.issuer.issuance.IssuerKeys;
import io.fapiao.issuer.numbering.NumberPurpose;
import io.fapiao.issuer.numbering.Numbering;
import io.fapiao.issuer.numbering.TakenNumber;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.Reversal;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Makes a lost invoice document again, byte for byte, from what the issuer still holds: the bill
 * (read from the ledger and opened with the issuer's key), the number's durable record (number,
 * check code, and the time it was taken, which is the invoice's issue time) and the document key,
 * which signs deterministically. The rebuilt document is stored only when its SHA-256 is the hash the
 * ledger anchored; anything else would be a different document under the same number.
 *
 * <pre>{@code
 * Optional<String> failure = recovery.rebuildBlue(invoice);   // empty: stored, hash as on the ledger
 * }</pre>
 */
@Component
public class DocumentRecovery {
    private final FapiaoLedger ledger;
    private final Numbering numbering;
    private final Documents documents;
    private final BillContents contents;
    private final IssuerKeys keys;

    public DocumentRecovery(FapiaoLedger ledger, Numbering numbering, Documents documents, BillContents contents,
            IssuerKeys keys) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.numbering = Objects.requireNonNull(numbering, "numbering");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.contents = Objects.requireNonNull(contents, "contents");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Rebuilds and stores the document of the blue invoice {@code invoice}.
     *
     * @return empty when the document is stored with the ledger's hash; otherwise why it was not
     */
    public Optional<String> rebuildBlue(InvoiceRecord invoice) throws LedgerException {
        String number = invoice.invoiceNumber();
        Optional<TakenNumber> taken = numbering.find(number)
                .filter(n -> n.purpose() == NumberPurpose.BLUE && n.subject().equals(invoice.billKey()));
        if (taken.isEmpty()) {
            return Optional.of("this issuer has no record of number " + number + " taken for " + invoice.billKey()
                    + ", so not the invoice's issue time: the document cannot be made again byte for byte");
        }
        try {
            InvoiceContent content = contents.open(ledger.bill(BillKey.parse(invoice.billKey())))
                    .numbered(number, taken.get().checkCode(), taken.get().takenAt().toString());
            return store(content, invoice.documentHash());
        } catch (IssuanceException e) {
            return Optional.of(e.code() + ": " + e.getMessage());
        }
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
        Optional<StoredDocument> blueDocument = documents.forNumber(blue.invoiceNumber())
                .filter(d -> d.documentHash().equals(blue.documentHash()));
        if (blueDocument.isEmpty()) {
            return Optional.of("the red-letter document quotes the blue one, " + blue.invoiceNumber()
                    + ", which is not stored here with the ledger's hash");
        }
        Optional<TakenNumber> taken = numbering.find(red)
                .filter(n -> n.purpose() == NumberPurpose.RED && n.subject().equals(blue.invoiceNumber()));
        if (taken.isEmpty()) {
            return Optional.of("this issuer has no record of red number " + red + " taken for "
                    + blue.invoiceNumber() + ": the document cannot be made again byte for byte");
        }
        try {
            InvoiceContent blueContent = SignedInvoiceDocument.verify(blueDocument.get().signedJson()).content();
            InvoiceContent content = blueContent.redLetter(blueDocument.get().documentHash(), reversal.reasonCode())
                    .numbered(red, null, taken.get().takenAt().toString());
            return store(content, reversal.documentHash());
        } catch (ProtocolException e) {
            return Optional.of("the stored document of " + blue.invoiceNumber() + " does not verify: " + e.code());
        } catch (IssuanceException e) {
            return Optional.of(e.code() + ": " + e.getMessage());
        }
    }

    /** Signs {@code content}; stores it only if it hashes to {@code anchored}. */
    private Optional<String> store(InvoiceContent content, String anchored) throws IssuanceException {
        Signer signer = keys.documentSigner(CryptoSuite.valueOf(content.source().suite()));
        String rebuilt = SignedInvoiceDocument.sign(content, signer).sha256();
        if (!rebuilt.equals(anchored)) {
            return Optional.of("made again, the document hashes to " + rebuilt + ", not to the ledger's " + anchored
                    + " (was it signed by a key that draws its own nonce, such as a PKCS#11 token?); nothing stored");
        }
        try {
            StoredDocument stored = documents.seal(content, signer);
            return stored.documentHash().equals(anchored) ? Optional.empty()
                    : Optional.of("another document of " + content.invoiceNumber() + " was stored meanwhile");
        } catch (IOException | RuntimeException e) {
            return Optional.of("the document could not be rendered or stored: " + e.getMessage());
        }
    }
}
