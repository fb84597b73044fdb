package io.fapiao.issuer.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.Signer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ofdrw.reader.OFDReader;

/**
 * The invoice as an OFD: sealed with the issuer's SM2 e-seal and verified by ofdrw's own verifier,
 * carrying the signed record whose hash the ledger holds, the same bytes on every rendering, and
 * its page images matching the committed references.
 *
 * <p>Golden images: page 1 of a medical e-bill and of a VAT invoice is rendered to PNG with ofdrw's
 * ImageMaker and compared with {@code src/test/resources/golden/*.png}; at most
 * {@value #TOLERANCE} of the pixels may differ. After an intended change of the layout, write new
 * references (and look at them before committing) with
 *
 * <pre>
 * ./mvnw -o -q -B test -pl issuer-api -am -Dtest=InvoiceOfdTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfapiao.golden.update=true
 * </pre>
 *
 * The golden documents are sealed with the GM issuer key of {@code docs/test-vectors}: the QR code
 * carries the record's hash, which depends on the signature, so a new key each run would draw a new
 * QR code.
 */
class InvoiceOfdTest {
    private static final double TOLERANCE = 0.001;
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Path VECTORS =
            Path.of(System.getProperty("fapiao.vectors", "../docs/test-vectors"), "GM", "pki");
    private static final boolean UPDATE = Boolean.getBoolean("fapiao.golden.update");
    private static final String HOSPITAL = SampleBills.uscc(1);
    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2045-01-01T00:00:00Z");

    private static InvoiceOfd renderer;
    private static Signer issuer;
    private static OfdrwReference ofdrw;

    @BeforeAll
    static void setUp() throws Exception {
        renderer = new InvoiceOfd(
                new DocumentProperties(List.of(Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")), false));
        issuer = goldenIssuer();
        ofdrw = new OfdrwReference();
    }

    @AfterAll
    static void tearDown() throws IOException {
        ofdrw.close();
    }

    /**
     * The GM issuer of the project's committed test vectors ({@code docs/test-vectors/GM/pki}, as
     * protocol's TestVectorsTest reads them): the same key every run, so the same QR code.
     */
    private static Signer goldenIssuer() throws Exception {
        return Signer.of(
                Pem.privateKey(Files.readString(VECTORS.resolve("issuer.key.pem"))),
                Pem.certificate(Files.readString(VECTORS.resolve("issuer.pem"))));
    }

    private static Signer freshIssuer(CryptoSuite suite) throws Exception {
        Identity identity = CertificateAuthority.create(suite, "IssuerOrg", "issuer CA", FROM, UNTIL)
                .issue(IdentityProfile.named("issuer1").validBetween(FROM, UNTIL));
        return Signer.of(identity.privateKey(), identity.certificate());
    }

    private static InvoiceContent medical(Bill bill) {
        return InvoiceContent.of(
                        bill,
                        bill.issuerId() + ":" + bill.billId(),
                        new InvoiceContent.Source(
                                "MEDICAL_BILL",
                                bill.billId(),
                                bill.billCode(),
                                bill.issuedAt(),
                                "GM",
                                "hsH3XXG_Sk_NpRAeOHQLa-PnTnusbA1iZJ-5o7h0RHs",
                                bill.payeeClerk()),
                        new InvoiceContent.Issuer("issuer1", "某某市第一人民医院电子票据中心", "IssuerOrgMSP"))
                .numbered("44010126-0000000042", "04719382017465529301", "2026-03-15T01:30:00Z");
    }

    private static InvoiceContent vat(InvoiceRequest request) {
        return InvoiceContent.of(
                        request,
                        request.seller().uscc() + ":" + request.requestId(),
                        new InvoiceContent.Source(
                                "INVOICE_REQUEST",
                                request.requestId(),
                                "VAT-REQUEST",
                                request.issuedAt(),
                                "GM",
                                "q1wE",
                                null),
                        new InvoiceContent.Issuer("issuer1", "Fapiao Test Issuer", "IssuerOrgMSP"))
                .numbered("44010126-0000000044", "12345678901234567890", "2026-03-15T01:30:00Z");
    }

    @Test
    void theSealVerifiesWithOfdrwAndTheAttachmentIsTheSignedRecord() throws Exception {
        SignedInvoiceDocument document =
                SignedInvoiceDocument.sign(medical(SampleBills.inpatient(11, HOSPITAL)), issuer);
        byte[] ofd = renderer.render(document, issuer);

        validate(ofd);
        byte[] attached = attachment(ofd, "invoice-44010126-0000000042.json");
        SignedInvoiceDocument carried = SignedInvoiceDocument.verify(attached);
        assertThat(carried.sha256()).isEqualTo(document.sha256());
        assertThat(carried.content()).isEqualTo(document.content());

        // The seal (GB/T 38540 SESeal v4): made by the issuer's certificate, the maker's signature valid.
        Map<String, byte[]> entries = entries(ofd);
        X509Certificate certificate = issuer.certificate();
        ASN1Sequence seal = ASN1Sequence.getInstance(entries.get("Doc_0/Signs/Sign_0/Seal.esl"));
        ASN1Sequence sealInfo = ASN1Sequence.getInstance(seal.getObjectAt(0));
        ASN1Sequence property = ASN1Sequence.getInstance(sealInfo.getObjectAt(2));
        assertThat(((ASN1String) property.getObjectAt(1)).getString()).isEqualTo("某某市第一人民医院电子票据中心");
        assertThat(ASN1OctetString.getInstance(seal.getObjectAt(1)).getOctets()).isEqualTo(certificate.getEncoded());
        assertThat(seal.getObjectAt(2)).isEqualTo(GMObjectIdentifiers.sm2sign_with_sm3);
        byte[] made = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    seal.getObjectAt(0), seal.getObjectAt(1), seal.getObjectAt(2)
                })
                .getEncoded("DER");
        assertThat(CryptoSuite.GM.verify(
                        certificate.getPublicKey(),
                        made,
                        ASN1BitString.getInstance(seal.getObjectAt(3)).getOctets()))
                .isTrue();
        // The signature (SES_Signature v4): the issuer's certificate, signed at the invoice's issue time.
        ASN1Sequence signature = ASN1Sequence.getInstance(entries.get("Doc_0/Signs/Sign_0/SignedValue.dat"));
        ASN1Sequence toSign = ASN1Sequence.getInstance(signature.getObjectAt(0));
        assertThat(ASN1OctetString.getInstance(signature.getObjectAt(1)).getOctets())
                .isEqualTo(certificate.getEncoded());
        assertThat(ASN1GeneralizedTime.getInstance(toSign.getObjectAt(2))
                        .getDate()
                        .toInstant())
                .isEqualTo(Instant.parse("2026-03-15T01:30:00Z"));
        assertThat(CryptoSuite.GM.verify(
                        certificate.getPublicKey(),
                        toSign.getEncoded("DER"),
                        ASN1BitString.getInstance(signature.getObjectAt(3)).getOctets()))
                .isTrue();

        // An inpatient bill has more items than a page holds: every page is there, the seal on the last.
        assertThat(InvoiceOfd.pages(document.content().lines())).hasSizeGreaterThan(1);
        String signatureXml = new String(entries.get("Doc_0/Signs/Sign_0/Signature.xml"), StandardCharsets.UTF_8);
        assertThat(signatureXml).contains("Doc_0/Pages/Page_0/Content.xml", "invoice-44010126-0000000042.json");
    }

    @Test
    void theSameDocumentAndKeyGiveTheSameBytes() throws Exception {
        SignedInvoiceDocument document =
                SignedInvoiceDocument.sign(medical(SampleBills.outpatient(12, HOSPITAL)), issuer);
        byte[] first = renderer.render(document, issuer);
        // A new process: a new renderer, the key read again.
        InvoiceOfd again = new InvoiceOfd(
                new DocumentProperties(List.of(Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")), false));
        Signer reloaded = goldenIssuer();
        // Another invoice in between, with other characters and so another font subset: nothing of it
        // may stay behind in the JVM and change the next rendering.
        again.render(
                SignedInvoiceDocument.sign(vat(SampleBills.invoiceRequest(4, SampleBills.uscc(2))), reloaded),
                reloaded);
        byte[] second = again.render(document, reloaded);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void oneChangedByteInThePageOrTheAttachmentFailsVerification() throws Exception {
        SignedInvoiceDocument document =
                SignedInvoiceDocument.sign(medical(SampleBills.outpatient(13, HOSPITAL)), issuer);
        byte[] ofd = renderer.render(document, issuer);
        validate(ofd);

        byte[] page = changed(ofd, "Doc_0/Pages/Page_0/Content.xml", "0000000042", "0000000043");
        assertThatThrownBy(() -> validate(page)).isInstanceOf(Exception.class);

        String attachmentEntry = entries(ofd).keySet().stream()
                .filter(name -> name.endsWith("invoice-44010126-0000000042.json"))
                .findFirst()
                .orElseThrow();
        byte[] record = changed(ofd, attachmentEntry, "\"kind\":\"BLUE\"", "\"kind\":\"BLUF\"");
        assertThatThrownBy(() -> validate(record)).isInstanceOf(Exception.class);

        byte[] signature = changed(ofd, "Doc_0/Signs/Sign_0/Signature.xml", "CheckMethod", "CheckMethoe");
        assertThatThrownBy(() -> validate(signature)).isInstanceOf(Exception.class);
    }

    @Test
    void aRedLetterInvoiceNamesTheInvoiceItReverses() throws Exception {
        InvoiceContent blue = medical(SampleBills.outpatient(14, HOSPITAL));
        SignedInvoiceDocument blueDocument = SignedInvoiceDocument.sign(blue, issuer);
        InvoiceContent red = blue.redLetter(blueDocument.sha256(), "SALES_RETURN")
                .numbered("44010126-0000000050", null, "2026-03-16T02:00:00Z");
        byte[] ofd = renderer.render(SignedInvoiceDocument.sign(red, issuer), issuer);

        validate(ofd);
        String content = new String(entries(ofd).get("Doc_0/Pages/Page_0/Content.xml"), StandardCharsets.UTF_8);
        assertThat(content)
                .contains("红字医疗收费电子票据", "44010126-0000000050", "冲红原票据", "44010126-0000000042", "SALES_RETURN")
                .contains(ChineseAmount.of(red.totals().total()))
                .startsWith("<?xml");
        assertThat(ChineseAmount.of(red.totals().total())).startsWith("负");
    }

    @Test
    void onlyAnSm2KeyCanSealAnOfd() throws Exception {
        Signer intl = freshIssuer(CryptoSuite.INTL);
        assertThat(renderer.canSeal(intl)).isFalse();
        assertThat(renderer.canSeal(issuer)).isTrue();
        assertThat(renderer.format()).isEqualTo(DocumentFormat.OFD);
        SignedInvoiceDocument document =
                SignedInvoiceDocument.sign(medical(SampleBills.outpatient(15, HOSPITAL)), intl);
        assertThatThrownBy(() -> renderer.render(document, intl))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("SM2");
    }

    @Test
    void aMedicalBillsFirstPageLooksAsTheReferenceDoes() throws Exception {
        SignedInvoiceDocument document =
                SignedInvoiceDocument.sign(medical(SampleBills.outpatient(7, HOSPITAL)), issuer);
        BufferedImage page = golden("medical-bill-page1.png", renderer.render(document, issuer));
        assertThat(InvoiceQr.parse(decodeQr(page)))
                .contains(new InvoiceQr("44010126-0000000042", "04719382017465529301", document.sha256()));

        // The comparison can fail: the same bill under another number (the number, QR code and hash
        // printed) is not the reference.
        SignedInvoiceDocument renumbered = SignedInvoiceDocument.sign(
                document.content().numbered("44010126-0000000043", "04719382017465529301", "2026-03-15T01:30:00Z"),
                issuer);
        BufferedImage other;
        try (OfdrwReference fresh = new OfdrwReference()) {
            other = fresh.page(renderer.render(renumbered, issuer), 0);
        }
        assertThat(differing(other, page)).isGreaterThan(TOLERANCE);
    }

    @Test
    void aVatInvoicesFirstPageLooksAsTheReferenceDoes() throws Exception {
        SignedInvoiceDocument document =
                SignedInvoiceDocument.sign(vat(SampleBills.invoiceRequest(3, SampleBills.uscc(2))), issuer);
        golden("vat-invoice-page1.png", renderer.render(document, issuer));
    }

    /** Page 1 as an image, compared with (or, when updating, written as) the reference {@code name}. */
    private static BufferedImage golden(String name, byte[] ofd) throws Exception {
        BufferedImage page;
        // A class loader of its own for each page: ofdrw's FontLoader is a singleton that remembers the
        // fonts of documents it drew before, and would draw this one's text with another's subset.
        try (OfdrwReference fresh = new OfdrwReference()) {
            page = fresh.page(ofd, 0);
        }
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            ImageIO.write(page, "png", GOLDEN.resolve(name).toFile());
            return page;
        }
        BufferedImage reference;
        try (InputStream in = InvoiceOfdTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in)
                    .as("reference image golden/" + name + "; see this class's Javadoc")
                    .isNotNull();
            reference = ImageIO.read(in);
        }
        assertThat(differing(page, reference))
                .as("fraction of pixels of %s that differ from the reference", name)
                .isLessThanOrEqualTo(TOLERANCE);
        return page;
    }

    /** The fraction of pixels that differ visibly (by more than a quarter in a channel). */
    private static double differing(BufferedImage page, BufferedImage reference) {
        assertThat(page.getWidth()).isEqualTo(reference.getWidth());
        assertThat(page.getHeight()).isEqualTo(reference.getHeight());
        long differing = 0;
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                if (distance(page.getRGB(x, y), reference.getRGB(x, y)) > 64) {
                    differing++;
                }
            }
        }
        return (double) differing / ((long) page.getWidth() * page.getHeight());
    }

    private static int distance(int a, int b) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d = Math.max(d, Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)));
        }
        return d;
    }

    private static void validate(byte[] ofd) throws Exception {
        ofdrw.validate(ofd);
    }

    private static byte[] attachment(byte[] ofd, String name) throws Exception {
        try (OFDReader reader = new OFDReader(new ByteArrayInputStream(ofd))) {
            return Files.readAllBytes(reader.getAttachmentFile(name));
        }
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    /** The OFD with {@code from} replaced by {@code to} (same length: one byte) in entry {@code name}. */
    private static byte[] changed(byte[] ofd, String name, String from, String to) throws IOException {
        assertThat(to).hasSameSizeAs(from);
        Map<String, byte[]> entries = entries(ofd);
        String text = new String(entries.get(name), StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        entries.put(
                name, text.replaceFirst(java.util.regex.Pattern.quote(from), to).getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Decodes the QR code in the page's top left corner, where the e-bill prints it. */
    private static String decodeQr(BufferedImage page) throws Exception {
        BufferedImage image = page.getSubimage(0, 0, page.getWidth() / 3, page.getHeight() / 5);
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(
                new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader()
                .decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
                .getText();
    }
}
