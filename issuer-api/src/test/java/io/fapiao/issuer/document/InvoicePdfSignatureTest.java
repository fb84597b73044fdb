package io.fapiao.issuer.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.issuer.document.SampleInvoices.Kind;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Signer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The issuer's PAdES signature on the invoice PDF verifies as any CMS verifier checks it, covers the
 * whole file but its own value, names the signer's certificate as PAdES wants, breaks on one changed
 * byte, and comes out the same every time; the signed record comes back out of the PDF with the
 * ledger's hash.
 */
class InvoicePdfSignatureTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final InvoicePdf RENDERER = SampleInvoices.renderer();

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void theSignatureCoversTheWholeFileButItsValueAndVerifiesUnderTheSealersCertificate(CryptoSuite suite)
            throws Exception {
        Signer sealer = SampleInvoices.signer(suite);
        SignedInvoiceDocument document = SampleInvoices.document(Kind.MEDICAL, suite);
        byte[] unsigned = RENDERER.render(document);
        byte[] pdf = RENDERER.render(document, sealer);

        // An incremental update: the PDF/A file underneath is kept byte for byte.
        assertThat(Arrays.copyOf(pdf, unsigned.length)).isEqualTo(unsigned);
        try (PDDocument read = Loader.loadPDF(pdf)) {
            PDSignature signature = read.getSignatureDictionaries().getFirst();
            assertThat(read.getSignatureDictionaries()).hasSize(1);
            assertThat(signature.getFilter()).isEqualTo("Adobe.PPKLite");
            assertThat(signature.getSubFilter()).isEqualTo("ETSI.CAdES.detached");
            assertThat(signature.getSignDate().toInstant()).hasToString("2026-03-15T01:30:00Z");
            PDSignatureField field = read.getSignatureFields().getFirst();
            assertThat(field.getWidgets().getFirst().getRectangle().getWidth()).isZero();
            assertThat(field.getWidgets().getFirst().isPrinted()).isTrue();

            int[] range = signature.getByteRange();
            assertThat(range[0]).isZero();
            assertThat(range[2] + range[3]).isEqualTo(pdf.length);
            // Between the two ranges: exactly the hex string of /Contents, nothing else unsigned.
            String gap = new String(pdf, range[1], range[2] - range[1], StandardCharsets.ISO_8859_1);
            assertThat(gap).matches("<[0-9a-fA-F]+>");

            X509Certificate signer = verifiedSigner(signature.getSignedContent(pdf), signature.getContents());
            assertThat(signer).isEqualTo(sealer.certificate());
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void theCmsIsPadesBaselineB(CryptoSuite suite) throws Exception {
        Signer sealer = SampleInvoices.signer(suite);
        byte[] pdf = RENDERER.render(SampleInvoices.document(Kind.VAT, suite), sealer);
        try (PDDocument read = Loader.loadPDF(pdf)) {
            CMSSignedData cms = new CMSSignedData(
                    unpadded(read.getSignatureDictionaries().getFirst().getContents()));
            SignerInformation info =
                    cms.getSignerInfos().getSigners().iterator().next();

            assertThat(cms.getSignerInfos().size()).isOne();
            assertThat(cms.isDetachedSignature()).isTrue();
            assertThat(info.getDigestAlgOID())
                    .isEqualTo(
                            suite == CryptoSuite.GM
                                    ? GMObjectIdentifiers.sm3.getId()
                                    : NISTObjectIdentifiers.id_sha256.getId());
            // PAdES: the signing certificate is bound by ESS signing-certificate-v2; no CMS signing-time (/M is).
            assertThat(info.getSignedAttributes().get(CMSAttributes.signingTime))
                    .isNull();
            SigningCertificateV2 signingCertificate = SigningCertificateV2.getInstance(info.getSignedAttributes()
                    .get(PKCSObjectIdentifiers.id_aa_signingCertificateV2)
                    .getAttrValues()
                    .getObjectAt(0));
            assertThat(signingCertificate.getCerts()[0].getCertHash())
                    .isEqualTo(MessageDigest.getInstance("SHA-256")
                            .digest(sealer.certificate().getEncoded()));
            assertThat(signingCertificate
                            .getCerts()[0]
                            .getIssuerSerial()
                            .getSerial()
                            .getValue())
                    .isEqualTo(sealer.certificate().getSerialNumber());
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void oneChangedByteAnywhereInTheSignedRangesFailsTheVerification(CryptoSuite suite) throws Exception {
        byte[] pdf = RENDERER.render(SampleInvoices.document(Kind.RED, suite), SampleInvoices.signer(suite));
        int[] range;
        byte[] contents;
        try (PDDocument read = Loader.loadPDF(pdf)) {
            PDSignature signature = read.getSignatureDictionaries().getFirst();
            range = signature.getByteRange();
            contents = signature.getContents();
            assertThat(verifiedSigner(signature.getSignedContent(pdf), contents))
                    .isNotNull();
        }
        // The header, the page content, the embedded record, the signature dictionary, the new trailer.
        List<Integer> offsets = List.of(10, range[1] / 2, range[1] - 1, range[2], pdf.length - 10);
        for (int offset : offsets) {
            byte[] altered = pdf.clone();
            altered[offset] ^= 0x01;
            byte[] signedContent = new byte[range[1] + range[3]];
            System.arraycopy(altered, range[0], signedContent, 0, range[1]);
            System.arraycopy(altered, range[2], signedContent, range[1], range[3]);
            assertThatThrownBy(() -> verifiedSigner(signedContent, contents))
                    .as("byte %d changed", offset)
                    .isInstanceOf(CMSException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void theEmbeddedRecordComesBackWithTheLedgersHash(CryptoSuite suite) throws Exception {
        for (Kind kind : Kind.values()) {
            SignedInvoiceDocument document = SampleInvoices.document(kind, suite);
            byte[] pdf = RENDERER.render(document, SampleInvoices.signer(suite));
            try (PDDocument read = Loader.loadPDF(pdf)) {
                String name = "invoice-" + document.content().invoiceNumber() + ".json";
                byte[] embedded = read.getDocumentCatalog()
                        .getNames()
                        .getEmbeddedFiles()
                        .getNames()
                        .get(name)
                        .getEmbeddedFile()
                        .toByteArray();

                SignedInvoiceDocument extracted = SignedInvoiceDocument.verify(embedded);
                assertThat(extracted.sha256()).isEqualTo(document.sha256());
                assertThat(extracted.content()).isEqualTo(document.content());
                assertThat(extracted.signer())
                        .isEqualTo(SampleInvoices.signer(suite).certificate());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void theSameDocumentAndKeyFileGiveTheSameSignedBytes(CryptoSuite suite) throws Exception {
        SignedInvoiceDocument document = SampleInvoices.document(Kind.MEDICAL, suite);
        byte[] first = RENDERER.render(document, SampleInvoices.signer(suite));
        // A new process: a new renderer, the key read again from its file.
        byte[] second = SampleInvoices.renderer().render(document, SampleInvoices.signer(suite));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void aKeyReachedOnlyThroughSignerSignAsInAPkcs11TokenSignsAVerifiablePdf() throws Exception {
        Signer file = SampleInvoices.signer(CryptoSuite.INTL);
        Signer token = new Signer() {
            @Override
            public CryptoSuite suite() {
                return file.suite();
            }

            @Override
            public X509Certificate certificate() {
                return file.certificate();
            }

            @Override
            public byte[] sign(byte[] message) {
                // As a PKCS#11 token would: only through sign(), never handing out a key.
                return file.sign(message);
            }
        };
        byte[] pdf = RENDERER.render(SampleInvoices.document(Kind.VAT, CryptoSuite.INTL), token);
        try (PDDocument read = Loader.loadPDF(pdf)) {
            PDSignature signature = read.getSignatureDictionaries().getFirst();
            assertThat(verifiedSigner(signature.getSignedContent(pdf), signature.getContents()))
                    .isEqualTo(file.certificate());
        }
    }

    /**
     * The certificate of the one signer of {@code cms} over {@code signedContent}, checked as a
     * verifier does: the message digest of the content and the signature under the certificate the CMS
     * carries.
     *
     * @throws CMSException when the digest or the signature does not match
     */
    static X509Certificate verifiedSigner(byte[] signedContent, byte[] cms) throws Exception {
        CMSSignedData data = new CMSSignedData(new CMSProcessableByteArray(signedContent), unpadded(cms));
        SignerInformation info = data.getSignerInfos().getSigners().iterator().next();
        X509CertificateHolder holder = data.getCertificates().getMatches(null).stream()
                .filter(info.getSID()::match)
                .findFirst()
                .orElseThrow(() -> new CMSException("the CMS lacks its signer's certificate"));
        if (!info.verify(
                new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(holder))) {
            throw new CMSException("the signature does not verify");
        }
        return new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder);
    }

    /** The CMS in {@code /Contents} without the zeros that fill the room reserved for it. */
    static byte[] unpadded(byte[] contents) throws Exception {
        try (ASN1InputStream in = new ASN1InputStream(contents)) {
            return in.readObject().getEncoded(ASN1Encoding.DER);
        }
    }
}
