package io.fapiao.issuer.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.Signer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A lost invoice document is made again, byte for byte: the issuer's document builder
 * ({@link Documents#seal}: sign the canonical JSON, store it) driven a second time from the same
 * inputs, in a new process's objects (the key reloaded from its PEM file), gives the same signed
 * JSON, the same documentHash (the hash the ledger holds); a new renderer renders it to the same PDF,
 * so a rendition made again after a crash carries the ledger's record too. That holds because nothing in a document is made at render time: the signature is
 * deterministic (RFC 6979 / its SM2 counterpart), the issue time is the number's durable
 * {@code takenAt}, the PDF's dates and trailer ID come from the document. A signer that draws its
 * own nonce (a PKCS#11 token) could not do this, which is why a stored document is never re-signed.
 */
class DocumentRebuildTest {
    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2045-01-01T00:00:00Z");

    private JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        // The issuer's own schema, migrated as the service migrates it, on the embedded default database.
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/issuer-api")
                .load()
                .migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    /** What the issuer holds durably for one bill: its content as opened from the ledger, its number. */
    private static InvoiceContent inputs(Bill bill, CryptoSuite suite) {
        return InvoiceContent.of(
                        bill,
                        bill.issuerId() + ":" + bill.billId(),
                        new InvoiceContent.Source(
                                "MEDICAL_BILL",
                                bill.billId(),
                                bill.billCode(),
                                bill.issuedAt(),
                                suite.name(),
                                "hsH3XXG_Sk_NpRAeOHQLa-PnTnusbA1iZJ-5o7h0RHs",
                                bill.payeeClerk()),
                        new InvoiceContent.Issuer("issuer1", "Fapiao Test Issuer", "IssuerOrgMSP"))
                // number, check code and takenAt, as the numbering table keeps them
                .numbered("FP01-2026-00000042", "04719382017465529301", "2026-03-15T01:30:00Z");
    }

    private Documents documents() {
        return new Documents(jdbc, null);
    }

    /** The PDF of a stored document, by a renderer of its own (as a new process would make it). */
    private static byte[] pdf(StoredDocument stored, Signer sealer) throws Exception {
        return new InvoicePdf(new DocumentProperties(
                        List.of(Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")), false))
                .render(SignedInvoiceDocument.verify(stored.signedJson()), sealer);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void aLostDocumentIsRebuiltWithTheSameBytesAndHash(CryptoSuite suite) throws Exception {
        Identity issuer = issuer(suite);
        String keyFile = Pem.privateKey(issuer.privateKey());
        Bill bill = SampleBills.inpatient(21, SampleBills.uscc(1));

        Signer firstSigner = Signer.of(Pem.privateKey(keyFile), issuer.certificate());
        StoredDocument first = documents().seal(inputs(bill, suite), firstSigner);
        byte[] firstPdf = pdf(first, firstSigner);
        lose(first.invoiceNumber());

        // A new process: the key read again from its file, a new renderer, the content rebuilt from the inputs.
        Signer rebuiltSigner = Signer.of(Pem.privateKey(keyFile), issuer.certificate());
        StoredDocument rebuilt = documents().seal(inputs(bill, suite), rebuiltSigner);

        assertThat(rebuilt.documentHash())
                .isEqualTo(first.documentHash())
                .isEqualTo(SignedInvoiceDocument.sha256Hex(rebuilt.signedJson()));
        assertThat(rebuilt.signedJson()).isEqualTo(first.signedJson());
        assertThat(pdf(rebuilt, rebuiltSigner)).isEqualTo(firstPdf);
        assertThat(SignedInvoiceDocument.verify(rebuilt.signedJson()).content()).isEqualTo(inputs(bill, suite));
    }

    @Test
    void aLostRedLetterDocumentIsRebuiltWithTheSameHashToo() throws Exception {
        Identity issuer = issuer(CryptoSuite.INTL);
        Signer signer = Signer.of(issuer.privateKey(), issuer.certificate());
        InvoiceContent blue = inputs(SampleBills.outpatient(22, SampleBills.uscc(1)), CryptoSuite.INTL);
        StoredDocument blueDocument = documents().seal(blue, signer);
        InvoiceContent red = blue.redLetter(blueDocument.documentHash(), "SALES_RETURN")
                .numbered("FP01-2026-00000043", null, "2026-03-16T02:00:00Z");

        StoredDocument first = documents().seal(red, signer);
        byte[] firstPdf = pdf(first, signer);
        lose(red.invoiceNumber());
        Signer again = Signer.of(issuer.privateKey(), issuer.certificate());
        StoredDocument rebuilt = documents().seal(red, again);

        assertThat(rebuilt.documentHash()).isEqualTo(first.documentHash());
        assertThat(rebuilt.signedJson()).isEqualTo(first.signedJson());
        assertThat(pdf(rebuilt, again)).isEqualTo(firstPdf);
    }

    @Test
    void aStoredDocumentIsReReadNotReSignedSoATokensOwnNoncesNeverChangeItsHash() throws Exception {
        Identity issuer = issuer(CryptoSuite.INTL);
        Signer token = tokenLike(issuer);
        assertThat(token.deterministic()).isFalse();
        InvoiceContent content = inputs(SampleBills.outpatient(23, SampleBills.uscc(1)), CryptoSuite.INTL);

        StoredDocument first = documents().seal(content, token);
        // A retry after a crash: the stored document comes back, whatever the signer would sign now.
        StoredDocument retried = documents().seal(content, token);
        assertThat(retried.documentHash()).isEqualTo(first.documentHash());
        assertThat(retried.signedJson()).isEqualTo(first.signedJson());

        // What a token cannot do: make a lost document again with the same hash.
        lose(content.invoiceNumber());
        StoredDocument resigned = documents().seal(content, token);
        assertThat(resigned.documentHash()).isNotEqualTo(first.documentHash());
        assertThat(SignedInvoiceDocument.verify(resigned.signedJson()).content())
                .isEqualTo(content);
    }

    private void lose(String invoiceNumber) {
        assertThat(jdbc.update("delete from invoice_document where invoice_number = ?", invoiceNumber))
                .isOne();
    }

    private static Identity issuer(CryptoSuite suite) {
        return CertificateAuthority.create(suite, "IssuerOrg", "issuer CA", FROM, UNTIL)
                .issue(IdentityProfile.named("issuer1").validBetween(FROM, UNTIL));
    }

    /** Signs as a PKCS#11 token does: ECDSA with a fresh random nonce each time (the JDK's own provider). */
    private static Signer tokenLike(Identity issuer) {
        return new Signer() {
            @Override
            public CryptoSuite suite() {
                return CryptoSuite.INTL;
            }

            @Override
            public X509Certificate certificate() {
                return issuer.certificate();
            }

            @Override
            public byte[] sign(byte[] message) {
                try {
                    Signature signature = Signature.getInstance("SHA256withECDSA", "SunEC");
                    signature.initSign(java.security.KeyFactory.getInstance("EC", "SunEC")
                            .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                                    issuer.privateKey().getEncoded())));
                    signature.update(message);
                    return signature.sign();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
