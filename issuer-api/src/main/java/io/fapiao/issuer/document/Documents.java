package io.fapiao.issuer.document;

import io.fapiao.issuer.numbering.NumberState;
import io.fapiao.issuer.numbering.Numbering;
import io.fapiao.protocol.crypto.Signer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The invoice documents: the signed JSON record, sealed and stored once per number (table
 * {@code invoice_document}) before its hash goes to the ledger, then served as stored, so every
 * download returns the same bytes and the hash the ledger holds stays the hash of what is served.
 * Nothing is rendered here: the PDF and OFD renditions are made from the stored record off the
 * issuance path, once the ledger recorded the invoice ({@code io.fapiao.issuer.rendering}). A
 * document is offered ({@link #signedJson}, {@link #issued}) only for numbers the ledger has
 * recorded; a document of a number whose issuance failed stays stored but is never served.
 *
 * <pre>{@code
 * byte[] json = documents.signedJson("44010126-0000000001").orElseThrow();   // GET .../document, Accept: application/json
 * StoredDocument stored = documents.issued("44010126-0000000001").orElseThrow();
 * }</pre>
 */
@Service
public class Documents {
    private static final String COLUMNS = "invoice_number, document_hash, signed_json, created_at";

    private final JdbcTemplate jdbc;
    private final Numbering numbering;

    Documents(JdbcTemplate jdbc, Numbering numbering) {
        this.jdbc = jdbc;
        this.numbering = numbering;
    }

    /**
     * The stored document of {@code content}'s number; when there is none yet, {@code content} is
     * signed with {@code signer} and stored (nothing is rendered here: the renditions are made after
     * the ledger recorded the invoice). A document once stored for a number is the one for good: a
     * retry after a crash gets it back rather than a new signature with a new hash. Nothing in the
     * document is made here: its issue time is the number's, its signature deterministic for a key
     * file (RFC 6979), so a row lost and sealed again from the same content comes back byte for byte
     * with the hash the ledger holds. A PKCS#11 key signs with a nonce of its own; that is why the
     * stored document is re-read, never re-signed. ({@code created_at} is bookkeeping, outside the
     * document and its hash.)
     */
    public StoredDocument seal(InvoiceContent content, Signer signer) {
        Optional<StoredDocument> stored = forNumber(content.invoiceNumber());
        if (stored.isPresent()) {
            return stored.get();
        }
        store(content.invoiceNumber(), SignedInvoiceDocument.sign(content, signer));
        return forNumber(content.invoiceNumber()).orElseThrow();
    }

    /**
     * Makes the lost document of {@code content}'s number again and stores it only when it hashes to
     * {@code documentHash}, the hash the ledger holds; the document already stored when there is one.
     * Sealing is deterministic, so the same content, number and key give the first document's bytes.
     */
    public Optional<StoredDocument> rebuild(InvoiceContent content, Signer signer, String documentHash) {
        Optional<StoredDocument> stored = forNumber(content.invoiceNumber());
        if (stored.isPresent()) {
            return stored;
        }
        SignedInvoiceDocument document = SignedInvoiceDocument.sign(content, signer);
        if (!document.sha256().equals(documentHash)) {
            return Optional.empty();
        }
        store(content.invoiceNumber(), document);
        return forNumber(content.invoiceNumber());
    }

    private void store(String invoiceNumber, SignedInvoiceDocument document) {
        // Autocommit: the document is durable before anyone hands its hash to the ledger.
        jdbc.update(
                "insert into invoice_document (" + COLUMNS + ") values (?, ?, ?, ?) on conflict do nothing",
                invoiceNumber,
                document.sha256(),
                document.json(),
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** The stored document of a number, whatever became of the number. */
    public Optional<StoredDocument> forNumber(String invoiceNumber) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from invoice_document where invoice_number = ?",
                        Documents::row,
                        invoiceNumber)
                .stream()
                .findFirst();
    }

    /** The stored document whose signed JSON hashes to {@code documentHash}. */
    public Optional<StoredDocument> byHash(String documentHash) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from invoice_document where document_hash = ?",
                        Documents::row,
                        documentHash)
                .stream()
                .findFirst();
    }

    /** The signed JSON document of an issued invoice, whose SHA-256 is the ledger's documentHash. */
    public Optional<byte[]> signedJson(String invoiceNumber) {
        return issued(invoiceNumber).map(StoredDocument::signedJson);
    }

    /** The stored document of a number the ledger recorded. */
    public Optional<StoredDocument> issued(String invoiceNumber) {
        boolean used = numbering
                .find(invoiceNumber)
                .map(n -> n.state() == NumberState.USED)
                .orElse(false);
        return used ? forNumber(invoiceNumber) : Optional.empty();
    }

    private static StoredDocument row(ResultSet rs, int n) throws SQLException {
        return new StoredDocument(
                rs.getString(1),
                rs.getString(2),
                rs.getBytes(3),
                rs.getObject(4, OffsetDateTime.class).toInstant());
    }
}
