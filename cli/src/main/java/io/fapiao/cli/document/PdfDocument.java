package io.fapiao.cli.document;

import static io.fapiao.cli.document.ReadDocument.fail;
import static io.fapiao.cli.document.ReadDocument.pass;

import io.fapiao.proof.ProofCheck;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Reads an invoice PDF: its PAdES signature (a detached CMS signature over the whole file but the
 * signature's own value, as ISO 32000 and ETSI EN 319 142 lay it out) and the signed record it carries
 * as an embedded file {@code invoice-<number>.json}. A file changed after signing fails
 * {@code pdf.signature.coverage} (bytes appended) or {@code pdf.signature} (bytes changed).
 *
 * <pre>{@code
 * ReadDocument read = PdfDocument.read(Files.readAllBytes(Path.of("44010126-0000000042.pdf")));
 * }</pre>
 */
public final class PdfDocument {
    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

    private PdfDocument() {}

    public static ReadDocument read(byte[] bytes) {
        List<ProofCheck> checks = new ArrayList<>();
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            Optional<X509Certificate> sealer = signature(pdf, bytes, checks);
            Optional<byte[]> record = record(pdf, checks);
            return new ReadDocument(DocumentForm.PDF, checks, record, sealer);
        } catch (IOException e) {
            checks.add(fail("pdf.readable", "the file is not a readable PDF: " + e.getMessage()));
            return new ReadDocument(DocumentForm.PDF, checks, Optional.empty(), Optional.empty());
        }
    }

    private static Optional<X509Certificate> signature(PDDocument pdf, byte[] bytes, List<ProofCheck> checks)
            throws IOException {
        List<PDSignature> signatures = pdf.getSignatureDictionaries();
        if (signatures.size() != 1) {
            checks.add(fail(
                    "pdf.signature",
                    "the PDF carries " + signatures.size() + " signatures; an invoice PDF carries exactly one, the"
                            + " issuer's"));
            return Optional.empty();
        }
        PDSignature signature = signatures.get(0);
        int[] range = signature.getByteRange();
        byte[] value = signature.getContents();
        // The range must be the whole file with one gap, the hex string holding the signature: anything
        // outside it (an incremental update appended after signing) is unsigned.
        boolean whole = range != null
                && range.length == 4
                && range[0] == 0
                && range[1] > 0
                && range[2] > range[1]
                && (long) range[2] + range[3] == bytes.length
                && bytes[range[1]] == '<'
                && bytes[range[2] - 1] == '>';
        checks.add(
                whole
                        ? pass(
                                "pdf.signature.coverage",
                                "the signature covers the whole file (" + bytes.length + " bytes) but its own value")
                        : fail(
                                "pdf.signature.coverage",
                                "the signed byte range " + java.util.Arrays.toString(range)
                                        + " does not cover the whole file of " + bytes.length
                                        + " bytes: something was added or the range is not the file's"));
        if (!"ETSI.CAdES.detached".equals(signature.getSubFilter())) {
            checks.add(fail(
                    "pdf.signature", "sub-filter " + signature.getSubFilter() + ", not ETSI.CAdES.detached (PAdES)"));
            return Optional.empty();
        }
        try {
            // /Contents is zero-padded to the size reserved before signing: read the one DER object it holds.
            ContentInfo signed;
            try (ASN1InputStream der = new ASN1InputStream(value)) {
                signed = ContentInfo.getInstance(der.readObject());
            }
            CMSSignedData cms =
                    new CMSSignedData(new CMSProcessableByteArray(signature.getSignedContent(bytes)), signed);
            Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                checks.add(fail("pdf.signature", "the CMS carries " + signers.size() + " signers, not one"));
                return Optional.empty();
            }
            SignerInformation signer = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
            if (matches.isEmpty()) {
                checks.add(fail("pdf.signature", "the CMS does not carry its signer's certificate"));
                return Optional.empty();
            }
            X509CertificateHolder holder = matches.iterator().next();
            X509Certificate certificate =
                    new JcaX509CertificateConverter().setProvider(PROVIDER).getCertificate(holder);
            boolean valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder()
                    .setProvider(PROVIDER)
                    .build(holder));
            checks.add(
                    valid
                            ? pass(
                                    "pdf.signature",
                                    "PAdES signature by "
                                            + certificate
                                                    .getSubjectX500Principal()
                                                    .getName() + " verifies")
                            : fail("pdf.signature", "the PAdES signature does not verify"));
            return valid ? Optional.of(certificate) : Optional.empty();
        } catch (CMSException | OperatorCreationException | CertificateException | RuntimeException e) {
            checks.add(fail(
                    "pdf.signature",
                    "the PAdES signature does not verify: " + e.getMessage()
                            + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")")));
            return Optional.empty();
        }
    }

    private static Optional<byte[]> record(PDDocument pdf, List<ProofCheck> checks) throws IOException {
        PDDocumentNameDictionary names = pdf.getDocumentCatalog().getNames();
        PDEmbeddedFilesNameTreeNode tree = names == null ? null : names.getEmbeddedFiles();
        Map<String, PDComplexFileSpecification> files = tree == null ? null : tree.getNames();
        if (files != null) {
            for (Map.Entry<String, PDComplexFileSpecification> file : files.entrySet()) {
                PDEmbeddedFile embedded = file.getValue().getEmbeddedFile();
                if (file.getKey().startsWith("invoice-") && file.getKey().endsWith(".json") && embedded != null) {
                    checks.add(pass("pdf.record", "embedded file " + file.getKey()));
                    return Optional.of(embedded.toByteArray());
                }
            }
        }
        checks.add(fail("pdf.record", "the PDF has no embedded invoice-<number>.json record"));
        return Optional.empty();
    }
}
