package io.fapiao.issuer.document;

import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Signer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.util.Calendar;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;

/**
 * The issuer's PAdES baseline B-B signature (ETSI EN 319 142-1) on an invoice PDF: a detached CMS
 * SignedData ({@code /SubFilter /ETSI.CAdES.detached}) over the whole file but the signature value,
 * added as an incremental update so that the PDF/A-3 file underneath stays byte for byte what it was.
 * The signature field is invisible (a zero rectangle, the print flag set), as PDF/A allows. The CMS
 * carries the signer's certificate and, as PAdES requires, the ESS signing-certificate-v2 attribute
 * that binds the signature to it; it carries no signing-time attribute (PAdES forbids it), the time
 * is the signature dictionary's {@code /M}. The key signs through {@link Signer#sign}, so a key in a
 * PKCS#11 token works as one in a file: ECDSA P-256 with SHA-256 under INTL, SM2 with SM3 under GM.
 * Nothing is taken from the clock: with a deterministic signer the same PDF and time give the same
 * bytes.
 *
 * <pre>{@code
 * byte[] signed = PadesSignature.sign(pdfA, sealer, issuedAt, "Invoice 44010126-0000000042");
 * }</pre>
 */
final class PadesSignature {
    /** Room for the CMS in {@code /Contents}: a certificate, three attributes and a signature fit with margin. */
    private static final int RESERVED_BYTES = 8192;

    private PadesSignature() {}

    /**
     * {@code pdf} with the signature of {@code sealer} appended.
     *
     * @param signingTime the claimed signing time, the signature dictionary's {@code /M}
     * @param reason what the signature says it is for, the dictionary's {@code /Reason}
     */
    static byte[] sign(byte[] pdf, Signer sealer, Calendar signingTime, String reason) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf);
                SignatureOptions options = new SignatureOptions()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(sealer.certificate().getSubjectX500Principal().getName());
            signature.setReason(reason);
            signature.setSignDate(signingTime);
            // The incremental update's second trailer ID is PDFBox's hash of this "time" and the
            // information dictionary; the clock's time by default.
            document.setDocumentId(signingTime.getTimeInMillis());
            options.setPreferredSignatureSize(RESERVED_BYTES);
            document.addSignature(signature, content -> cms(content, sealer), options);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 2 * RESERVED_BYTES + 4096);
            document.saveIncremental(out);
            return out.toByteArray();
        }
    }

    /** The detached CMS SignedData of {@code content} (the signed byte ranges), DER as PDF/A requires. */
    private static byte[] cms(InputStream content, Signer sealer) throws IOException {
        try {
            X509CertificateHolder certificate = new JcaX509CertificateHolder(sealer.certificate());
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(new BcDigestCalculatorProvider())
                    .setSignedAttributeGenerator(signedAttributes(certificate))
                    .build(new SealerContentSigner(sealer), certificate));
            generator.addCertificate(certificate);
            return generator
                    .generate(new CMSProcessableByteArray(content.readAllBytes()), false)
                    .getEncoded(ASN1Encoding.DER);
        } catch (CMSException | OperatorCreationException | CertificateEncodingException e) {
            throw new IOException("the invoice PDF's PAdES signature could not be made: " + e.getMessage(), e);
        }
    }

    /**
     * content-type, message-digest and CMS algorithm protection as BouncyCastle adds them, the
     * signing-certificate-v2 of {@code certificate}, and no signing-time (BouncyCastle would add the
     * clock's; PAdES baseline forbids the attribute).
     */
    private static CMSAttributeTableGenerator signedAttributes(X509CertificateHolder certificate) throws IOException {
        ESSCertIDv2 id = new ESSCertIDv2(
                sha256(certificate.getEncoded()),
                new IssuerSerial(
                        new GeneralNames(new GeneralName(certificate.getIssuer())), certificate.getSerialNumber()));
        AttributeTable fixed = new AttributeTable(new Attribute(
                PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {id}))));
        return parameters -> new DefaultSignedAttributeTableGenerator(fixed)
                .getAttributes(parameters)
                .remove(CMSAttributes.signingTime);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JDK", e);
        }
    }

    /**
     * A BouncyCastle {@link ContentSigner} over the issuer's {@link Signer}: CMS hands it the DER of the
     * signed attributes, the Signer hashes and signs them in its suite.
     */
    private static final class SealerContentSigner implements ContentSigner {
        private final Signer sealer;
        private final ByteArrayOutputStream signed = new ByteArrayOutputStream();

        SealerContentSigner(Signer sealer) {
            this.sealer = sealer;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new AlgorithmIdentifier(
                    sealer.suite() == CryptoSuite.GM
                            ? GMObjectIdentifiers.sm2sign_with_sm3
                            : X9ObjectIdentifiers.ecdsa_with_SHA256);
        }

        @Override
        public OutputStream getOutputStream() {
            return signed;
        }

        @Override
        public byte[] getSignature() {
            return sealer.sign(signed.toByteArray());
        }
    }
}
