package io.fapiao.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.proof.ProofBundle;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Calendar;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code fapiao verify-document}: the invoice record of a proof bundle recorded from a real lifecycle
 * (ledger-client's ProofBundleIT) against that bundle, and PDFs carrying a record under a PAdES
 * signature made here with PDFBox and BouncyCastle, independently of the issuer's renderer (e2e's
 * PlatformIT runs the command on the issuer's own PDF and OFD).
 */
class VerifyDocumentCommandTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path bundleFile;
    private byte[] recordedInvoice;

    @BeforeEach
    void recordedBundle() throws Exception {
        byte[] bundle;
        try (InputStream in = getClass().getResourceAsStream("proof-bundle.json")) {
            bundle = in.readAllBytes();
        }
        bundleFile = Files.write(dir.resolve("bundle.json"), bundle);
        ProofBundle parsed = ProofBundle.fromJson(bundle);
        recordedInvoice = Base64Url.decode(
                "content",
                parsed.documents().stream()
                        .filter(d -> d.kind().equals("invoice"))
                        .findFirst()
                        .orElseThrow()
                        .content());
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        CommandLine command = FapiaoCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void aSignedRecordIsConsistentAloneAndFailsAChangedByte() throws Exception {
        Issuer issuer = issuer(CryptoSuite.GM);
        byte[] json = record(issuer.identity);
        Path record = Files.write(dir.resolve("invoice.json"), json);
        Path ca = Files.writeString(dir.resolve("ca.pem"), Pem.certificate(issuer.ca.certificate()));
        assertThat(run("verify-document", record.toString(), "--trust", ca.toString()))
                .as(out.toString())
                .isEqualTo(VerifyProofCommand.UNANCHORED);
        assertThat(out.toString())
                .contains(
                        "NOTE document.form",
                        "PASS record.signature: GM signature by",
                        "PASS record.signer.trusted",
                        "NOT VERIFIED",
                        "no --proof bundle")
                .doesNotContain("FAIL");

        byte[] changed = json.clone();
        int at = new String(changed, StandardCharsets.UTF_8).indexOf("\"invoiceNumber\":\"") + 20;
        changed[at] = (byte) (changed[at] == '1' ? '2' : '1');
        assertThat(run(
                        "verify-document",
                        Files.write(dir.resolve("changed.json"), changed).toString()))
                .as(out.toString())
                .isEqualTo(1);
        assertThat(out.toString()).contains("FAILED: record.signature");

        Path stranger = Files.writeString(
                dir.resolve("stranger.pem"),
                Pem.certificate(issuer(CryptoSuite.GM).ca.certificate()));
        assertThat(run("verify-document", record.toString(), "--trust", stranger.toString()))
                .as(out.toString())
                .isEqualTo(1);
        assertThat(out.toString()).contains("FAILED: record.signer.trusted");
    }

    @Test
    void aRecordTheBundlesLedgerNeverHeldFailsThoughTheBundleVerifies() throws Exception {
        Issuer issuer = issuer(CryptoSuite.INTL);
        Path record = Files.write(dir.resolve("other.json"), record(issuer.identity));
        assertThat(run("verify-document", record.toString(), "--proof", bundleFile.toString()))
                .as(out.toString())
                .isEqualTo(1);
        assertThat(out.toString())
                .contains(
                        "PASS record.signature",
                        "PASS proof: the proof bundle verifies",
                        "FAILED: record.ledger: no ledger record in the bundle holds SHA-256",
                        io.fapiao.protocol.document.SignedDocument.sha256Hex(recordedInvoice));
    }

    @Test
    void aPadesSignedPdfCarryingTheRecordVerifiesInBothSuites() throws Exception {
        for (CryptoSuite suite : CryptoSuite.values()) {
            Issuer issuer = issuer(suite);
            byte[] pdf = pdf(record(issuer.identity), issuer.identity);
            Path file = Files.write(dir.resolve(suite + ".pdf"), pdf);
            Path ca = Files.writeString(dir.resolve(suite + "-ca.pem"), Pem.certificate(issuer.ca.certificate()));
            assertThat(run("verify-document", file.toString(), "--trust", ca.toString()))
                    .as(out.toString())
                    .isEqualTo(VerifyProofCommand.UNANCHORED);
            assertThat(out.toString())
                    .as(suite.name())
                    .contains(
                            "PASS pdf.signature.coverage",
                            "PASS pdf.signature: PAdES signature by",
                            "PASS pdf.record: embedded file invoice-",
                            "PASS record.signature: " + suite,
                            "PASS document.sealer",
                            "PASS record.signer.trusted",
                            "no --proof bundle")
                    .doesNotContain("FAIL");
        }
    }

    /**
     * The issuer's own PDFs (issuer-api's InvoicePdf, rendered from the medical sample of its tests with
     * the test vectors' issuer keys, docs/test-vectors): PDF/A-3 with the PAdES signature its renderer
     * writes, read by this independent verifier.
     */
    @Test
    void theIssuersOwnPdfsVerifyInBothSuites() throws Exception {
        for (CryptoSuite suite : CryptoSuite.values()) {
            Path file = dir.resolve(suite + "-issued.pdf");
            try (InputStream in = getClass().getResourceAsStream("documents/medical-" + suite + ".pdf")) {
                Files.write(file, in.readAllBytes());
            }
            assertThat(run("verify-document", file.toString()))
                    .as(out.toString())
                    .isEqualTo(VerifyProofCommand.UNANCHORED);
            assertThat(out.toString())
                    .as(suite.name())
                    .contains(
                            "PASS pdf.signature.coverage",
                            "PASS pdf.signature: PAdES signature by CN=issuer",
                            "PASS pdf.record: embedded file invoice-",
                            "PASS record.signature: " + suite,
                            "PASS document.sealer")
                    .doesNotContain("FAIL");
        }
    }

    /**
     * The issuer's own OFD (issuer-api's InvoiceOfd, the medical sample sealed with the test vectors' GM
     * issuer key): its GB/T 38540 e-seal checked from the standard's structures, then the same package
     * with one page changed, and with one file added after sealing.
     */
    @Test
    void theIssuersOwnOfdVerifiesAndAChangedOrExtendedPackageFails() throws Exception {
        byte[] ofd;
        try (InputStream in = getClass().getResourceAsStream("documents/medical-GM.ofd")) {
            ofd = in.readAllBytes();
        }
        assertThat(run(
                        "verify-document",
                        Files.write(dir.resolve("issued.ofd"), ofd).toString()))
                .as(out.toString())
                .isEqualTo(VerifyProofCommand.UNANCHORED);
        assertThat(out.toString())
                .contains(
                        "PASS ofd.seal.coverage",
                        "PASS ofd.seal: GB/T 38540 e-seal by CN=issuer",
                        "PASS ofd.seal.maker",
                        "PASS ofd.record: attachment Doc_0/Attachs/invoice-",
                        "PASS record.signature: GM",
                        "PASS document.sealer")
                .doesNotContain("FAIL");

        Map<String, byte[]> files = unzip(ofd);
        byte[] page = files.get("Doc_0/Pages/Page_0/Content.xml");
        int at = new String(page, StandardCharsets.UTF_8).indexOf("Boundary=\"") + 10;
        page[at] = (byte) (page[at] == '1' ? '2' : '1');
        assertThat(run(
                        "verify-document",
                        Files.write(dir.resolve("changed.ofd"), zip(files)).toString()))
                .as(out.toString())
                .isEqualTo(1);
        assertThat(out.toString())
                .contains(
                        "FAILED: ofd.seal.coverage: changed or missing since sealing: [Doc_0/Pages/Page_0/Content.xml]");

        Map<String, byte[]> extended = unzip(ofd);
        extended.put("Doc_0/Res/note.txt", "added later".getBytes(StandardCharsets.UTF_8));
        assertThat(run(
                        "verify-document",
                        Files.write(dir.resolve("extended.ofd"), zip(extended)).toString()))
                .as(out.toString())
                .isEqualTo(1);
        assertThat(out.toString())
                .contains("FAILED: ofd.seal.coverage: not covered by the e-seal: [Doc_0/Res/note.txt]");
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private static byte[] zip(Map<String, byte[]> files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                out.putNextEntry(new java.util.zip.ZipEntry(file.getKey()));
                out.write(file.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void aPdfChangedAfterSigningOrSealedByAnotherKeyFails() throws Exception {
        Issuer issuer = issuer(CryptoSuite.INTL);
        byte[] pdf = pdf(record(issuer.identity), issuer.identity);

        byte[] changed = pdf.clone();
        int at = new String(changed, StandardCharsets.ISO_8859_1).indexOf("/MediaBox") + 12;
        changed[at] = (byte) (changed[at] == '1' ? '2' : '1');
        assertThat(run(
                        "verify-document",
                        Files.write(dir.resolve("changed.pdf"), changed).toString()))
                .as(out.toString())
                .isEqualTo(1);
        assertThat(out.toString()).contains("FAIL pdf.signature");

        byte[] appended = new byte[pdf.length + 2];
        System.arraycopy(pdf, 0, appended, 0, pdf.length);
        appended[pdf.length] = '%';
        appended[pdf.length + 1] = '\n';
        assertThat(run(
                        "verify-document",
                        Files.write(dir.resolve("appended.pdf"), appended).toString()))
                .as(out.toString())
                .isEqualTo(1);
        assertThat(out.toString()).contains("FAILED: pdf.signature.coverage");

        Identity stranger = issuer(CryptoSuite.INTL).identity;
        byte[] resealed = pdf(record(issuer.identity), stranger);
        assertThat(run(
                        "verify-document",
                        Files.write(dir.resolve("resealed.pdf"), resealed).toString()))
                .as(out.toString())
                .isEqualTo(1);
        assertThat(out.toString()).contains("PASS pdf.signature", "FAILED: document.sealer");
    }

    @Test
    void whatIsNeitherPdfNorOfdNorARecordIsUnreadable() throws Exception {
        Path text = Files.writeString(dir.resolve("note.txt"), "an invoice, honestly");
        assertThat(run("verify-document", text.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("neither a PDF, an OFD nor a signed JSON record");
        assertThat(run("verify-document", dir.resolve("absent.pdf").toString())).isEqualTo(2);
    }

    private record Issuer(CertificateAuthority ca, Identity identity) {}

    private static Issuer issuer(CryptoSuite suite) {
        CertificateAuthority ca = CertificateAuthority.create(
                suite,
                "IssuerOrg",
                "ca.issuer",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        return new Issuer(ca, ca.issue(IdentityProfile.named("issuer-document")));
    }

    /** A record of the issuer's form, signed as the issuer signs it (see SignedDocument). */
    private static byte[] record(Identity signer) throws Exception {
        ObjectNode document = Json.mapper().createObjectNode();
        document.put("format", io.fapiao.protocol.document.SignedDocument.INVOICE_FORMAT);
        ObjectNode invoice = document.putObject("invoice");
        invoice.put("invoiceNumber", "FP01-2026-00000042");
        invoice.put("issuedAt", Instant.now().toString());
        byte[] value = signer.signer().sign(CanonicalJson.encode(document));
        ObjectNode signature = document.putObject("signature");
        signature.put("suite", signer.suite().name());
        signature.put("certificate", Base64Url.encode(signer.certificate().getEncoded()));
        signature.put("value", Base64Url.encode(value));
        return CanonicalJson.encode(document);
    }

    /** A one-page PDF with {@code record} embedded, signed (PAdES, ETSI.CAdES.detached) by {@code sealer}. */
    private static byte[] pdf(byte[] record, Identity sealer) throws Exception {
        ByteArrayOutputStream unsigned = new ByteArrayOutputStream();
        try (PDDocument pdf = new PDDocument()) {
            pdf.addPage(new PDPage());
            PDEmbeddedFile embedded = new PDEmbeddedFile(pdf, new ByteArrayInputStream(record));
            embedded.setSubtype("application/json");
            PDComplexFileSpecification file = new PDComplexFileSpecification();
            file.setFile("invoice-FP01-2026-00000042.json");
            file.setEmbeddedFile(embedded);
            PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
            tree.setNames(Map.of("invoice-FP01-2026-00000042.json", file));
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(pdf.getDocumentCatalog());
            names.setEmbeddedFiles(tree);
            pdf.getDocumentCatalog().setNames(names);
            pdf.save(unsigned);
        }
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        try (PDDocument pdf = Loader.loadPDF(unsigned.toByteArray())) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(COSName.getPDFName("ETSI.CAdES.detached"));
            signature.setSignDate(Calendar.getInstance());
            pdf.addSignature(signature, content -> {
                try {
                    CMSSignedDataGenerator cms = new CMSSignedDataGenerator();
                    cms.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                                    new JcaDigestCalculatorProviderBuilder()
                                            .setProvider(BC)
                                            .build())
                            .build(
                                    new JcaContentSignerBuilder(sealer.suite().signatureAlgorithm())
                                            .setProvider(BC)
                                            .build(sealer.privateKey()),
                                    sealer.certificate()));
                    cms.addCertificate(new JcaX509CertificateHolder(sealer.certificate()));
                    return cms.generate(new CMSProcessableByteArray(content.readAllBytes()), false)
                            .getEncoded();
                } catch (Exception e) {
                    throw new java.io.IOException(e);
                }
            });
            pdf.saveIncremental(signed);
        }
        return signed.toByteArray();
    }
}
