package io.fapiao.issuer.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Signer;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The signed invoice document and its PDF: signature, hash, attachment, QR code, fonts. */
class InvoiceDocumentTest {
    private static final String HOSPITAL = SampleBills.uscc(1);

    private static Signer signer(CryptoSuite suite) throws ProtocolException {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.create(
                suite, "IssuerOrg", "issuer CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        Identity issuer = ca.issue(IdentityProfile.named("issuer1")
                .validBetween(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))));
        return Signer.of(issuer.privateKey(), issuer.certificate());
    }

    private static InvoiceContent medical(Bill bill, CryptoSuite suite) {
        return InvoiceContent.of(
                        bill,
                        bill.issuerId() + ":" + bill.billId(),
                        new InvoiceContent.Source(
                                "MEDICAL_BILL",
                                bill.billId(),
                                bill.billCode(),
                                bill.issuedAt(),
                                suite.name(),
                                "q1wE",
                                bill.payeeClerk()),
                        new InvoiceContent.Issuer("issuer1", "Fapiao Test Issuer", "IssuerOrgMSP"))
                .numbered("FP01-2026-00000042", "04719382017465529301", "2026-03-15T01:30:00Z");
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void signedDocumentVerifiesAndItsHashIsTheHashOfItsBytes(CryptoSuite suite) throws Exception {
        InvoiceContent content = medical(SampleBills.outpatient(7, HOSPITAL), suite);
        SignedInvoiceDocument document = SignedInvoiceDocument.sign(content, signer(suite));

        SignedInvoiceDocument read = SignedInvoiceDocument.verify(document.json());
        assertThat(read.content()).isEqualTo(content);
        assertThat(read.sha256())
                .isEqualTo(document.sha256())
                .matches("[0-9a-f]{64}")
                .isEqualTo(SignedInvoiceDocument.sha256Hex(document.json()));
        assertThat(new String(document.json(), StandardCharsets.UTF_8))
                .startsWith("{\"format\":\"fapiao.invoice-document.v1\",\"invoice\":{")
                .contains("\"signature\":{\"certificate\":");
    }

    @Test
    void anAlteredDocumentIsRefused() throws Exception {
        SignedInvoiceDocument document = SignedInvoiceDocument.sign(
                medical(SampleBills.outpatient(8, HOSPITAL), CryptoSuite.INTL), signer(CryptoSuite.INTL));
        String json = new String(document.json(), StandardCharsets.UTF_8);
        String altered =
                json.replace("\"invoiceNumber\":\"FP01-2026-00000042\"", "\"invoiceNumber\":\"FP01-2026-00000043\"");
        assertThat(altered).isNotEqualTo(json);

        assertThatThrownBy(() -> SignedInvoiceDocument.verify(altered.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
        assertThatThrownBy(() -> SignedInvoiceDocument.verify((json + " ").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }

    @Test
    void aRedLetterInvoiceNegatesTheLinesAndPointsAtTheBlueDocument() throws Exception {
        InvoiceContent blue = medical(SampleBills.inpatient(3, HOSPITAL), CryptoSuite.INTL);
        InvoiceContent red = blue.redLetter("ab".repeat(32), "SALES_RETURN")
                .numbered("FP01-2026-00000050", null, "2026-03-16T01:30:00Z");

        assertThat(red.kind()).isEqualTo("RED");
        assertThat(red.checkCode()).isNull();
        assertThat(red.reverses())
                .isEqualTo(new InvoiceContent.Reverses(blue.invoiceNumber(), "ab".repeat(32), "SALES_RETURN"));
        assertThat(red.totals().total()).isEqualTo(-blue.totals().total());
        assertThat(red.lines()).hasSameSizeAs(blue.lines());
        assertThat(red.lines().getFirst().amount())
                .isEqualTo(-blue.lines().getFirst().amount());
        assertThat(red.lines().getFirst().quantity())
                .isEqualTo("-" + blue.lines().getFirst().quantity());
        SignedInvoiceDocument signed = SignedInvoiceDocument.sign(red, signer(CryptoSuite.INTL));
        assertThat(SignedInvoiceDocument.verify(signed.json()).content()).isEqualTo(red);
    }

    @Test
    void thePdfAttachesTheSignedJsonAndItsQrCodeCarriesNumberCheckCodeAndDocumentHash() throws Exception {
        SignedInvoiceDocument document = SignedInvoiceDocument.sign(
                medical(SampleBills.inpatient(11, HOSPITAL), CryptoSuite.INTL), signer(CryptoSuite.INTL));
        InvoicePdf renderer = new InvoicePdf(new DocumentProperties(fonts(), false));
        byte[] pdf = renderer.render(document);

        try (PDDocument read = Loader.loadPDF(pdf)) {
            Map<String, PDComplexFileSpecification> files =
                    read.getDocumentCatalog().getNames().getEmbeddedFiles().getNames();
            assertThat(files).containsOnlyKeys("invoice-FP01-2026-00000042.json");
            byte[] attached = files.get("invoice-FP01-2026-00000042.json")
                    .getEmbeddedFile()
                    .toByteArray();
            assertThat(attached).isEqualTo(document.json());

            String text = new PDFTextStripper().getText(read);
            assertThat(text).contains("FP01-2026", "00000042", "04719 38201 74655 29301", document.sha256());

            BufferedImage page = new PDFRenderer(read).renderImageWithDPI(0, 150);
            assertThat(InvoiceQr.parse(decodeQr(page)))
                    .contains(new InvoiceQr("FP01-2026-00000042", "04719382017465529301", document.sha256()));
        }
    }

    @Test
    void theSameDocumentRendersToTheSameBytes() throws Exception {
        SignedInvoiceDocument document = SignedInvoiceDocument.sign(
                medical(SampleBills.outpatient(12, HOSPITAL), CryptoSuite.INTL), signer(CryptoSuite.INTL));
        InvoicePdf renderer = new InvoicePdf(new DocumentProperties(fonts(), false));
        assertThat(renderer.render(document)).isEqualTo(renderer.render(document));
    }

    @Test
    void withACjkFontChineseTextIsPrintedAndWithoutOneItIsAsciiSafe() throws Exception {
        Bill bill = SampleBills.outpatient(13, HOSPITAL);
        SignedInvoiceDocument document =
                SignedInvoiceDocument.sign(medical(bill, CryptoSuite.INTL), signer(CryptoSuite.INTL));

        InvoicePdf latin = new InvoicePdf(new DocumentProperties(List.of(Path.of("/no/such/font.ttc")), true));
        assertThat(latin.printsChinese()).isFalse();
        String latinText = text(latin.render(document));
        assertThat(latinText)
                .contains("Bill code", "Number", "Payer")
                .doesNotContain(bill.payer().name())
                .matches("(?s)[\\x20-\\x7e\\s]*");

        // The font is required (.ci/run installs fonts-wqy-microhei): without it the renderer is not made.
        InvoicePdf cjk = new InvoicePdf(new DocumentProperties(fonts(), false));
        assertThat(cjk.printsChinese()).isTrue();
        assertThat(text(cjk.render(document))).contains(bill.payer().name(), "票据代码", "票据号码", bill.issuerName());
    }

    @Test
    void withoutACjkFontTheRendererIsNotMadeUnlessLatinOnlyIsAllowed() {
        assertThatThrownBy(() -> new InvoicePdf(new DocumentProperties(List.of(Path.of("/no/such/font.ttc")), false)))
                .isInstanceOf(DocumentFontMissing.class)
                .hasMessageStartingWith("DOCUMENT_FONT_MISSING")
                .hasMessageContaining("/no/such/font.ttc")
                .hasMessageContaining("fonts-wqy-microhei")
                .hasMessageContaining("fapiao.issuer.document.latin-only");
    }

    @Test
    void anInvoiceRequestRendersItsSellerBuyerAndTaxLines() throws Exception {
        InvoiceRequest request = SampleBills.invoiceRequest(3, SampleBills.uscc(2));
        InvoiceContent content = InvoiceContent.of(
                        request,
                        request.seller().uscc() + ":" + request.requestId(),
                        new InvoiceContent.Source(
                                "INVOICE_REQUEST",
                                request.requestId(),
                                "VAT-REQUEST",
                                request.issuedAt(),
                                "INTL",
                                "q1wE",
                                null),
                        new InvoiceContent.Issuer("issuer1", "Fapiao Test Issuer", "IssuerOrgMSP"))
                .numbered("FP01-2026-00000044", "12345678901234567890", "2026-03-15T01:30:00Z");
        assertThat(content.totals().total()).isEqualTo(request.totalWithTax());
        assertThat(content.totals().tax()).isEqualTo(request.totalTax());
        assertThat(content.settlement()).isNull();

        SignedInvoiceDocument document = SignedInvoiceDocument.sign(content, signer(CryptoSuite.INTL));
        String text = text(new InvoicePdf(new DocumentProperties(fonts(), false)).render(document));
        assertThat(text)
                .contains(
                        "Seller",
                        "Buyer",
                        InvoicePdf.yuan(request.totalWithTax()),
                        request.seller().uscc());
    }

    @Test
    void moneyAndIdentityNumbersPrintAsExpected() {
        assertThat(InvoicePdf.yuan(123456)).isEqualTo("1234.56");
        assertThat(InvoicePdf.yuan(-5)).isEqualTo("-0.05");
        assertThat(InvoicePdf.yuan(0)).isEqualTo("0.00");
        assertThat(InvoicePdf.masked("11010519491231002X")).isEqualTo("110105********002X");
        assertThat(InvoicePdf.masked("E12345678")).isEqualTo("E1***5678");
    }

    private static List<Path> fonts() {
        return new DocumentProperties(List.of(Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")), false)
                .fonts();
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument read = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(read);
        }
    }

    /** Decodes the QR code in the page's top right quarter, where the invoice prints it. */
    private static String decodeQr(BufferedImage page) throws Exception {
        BufferedImage image = page.getSubimage(page.getWidth() / 2, 0, page.getWidth() / 2, page.getHeight() / 4);
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(
                new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader()
                .decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
                .getText();
    }
}
