package io.fapiao.issuer.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.issuer.document.SampleInvoices.Kind;
import io.fapiao.protocol.crypto.CryptoSuite;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.verapdf.pdfa.flavours.PDFAFlavour;

/**
 * The invoice PDF is PDF/A-3 as veraPDF judges it, for every kind of invoice and both suites, signed
 * or not; and the judge is real: the same PDF without its output intent, or with one font it only
 * names, is refused.
 */
class InvoicePdfConformanceTest {
    private static final InvoicePdf RENDERER = SampleInvoices.renderer();

    static Stream<Arguments> kindsAndSuites() {
        List<Arguments> all = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (CryptoSuite suite : CryptoSuite.values()) {
                all.add(Arguments.of(kind, suite));
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("kindsAndSuites")
    void theSignedPdfIsPdfA3(Kind kind, CryptoSuite suite) throws Exception {
        SignedInvoiceDocument document = SampleInvoices.document(kind, suite);
        byte[] pdf = RENDERER.render(document, SampleInvoices.signer(suite));

        assertCompliant(pdf, PDFAFlavour.PDFA_3_B);
        assertCompliant(pdf, PDFAFlavour.PDFA_3_U);
    }

    @Test
    void theUnsignedPdfIsPdfA3AndDeclaresItselfSo() throws Exception {
        SignedInvoiceDocument document = SampleInvoices.document(Kind.MEDICAL, CryptoSuite.INTL);
        byte[] pdf = RENDERER.render(document);
        assertCompliant(pdf, PDFAFlavour.PDFA_3_U);

        try (PDDocument read = Loader.loadPDF(pdf)) {
            PDDocumentCatalog catalog = read.getDocumentCatalog();
            String xmp = new String(catalog.getMetadata().toByteArray(), StandardCharsets.UTF_8);
            assertThat(xmp)
                    .contains("<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>U</pdfaid:conformance>")
                    .contains("<rdf:li xml:lang=\"x-default\">Invoice 44010126-0000000042</rdf:li>")
                    .contains("<xmp:CreateDate>2026-03-15T01:30:00Z</xmp:CreateDate>")
                    .contains("<xmp:ModifyDate>2026-03-15T01:30:00Z</xmp:ModifyDate>");
            assertThat(read.getDocumentInformation().getTitle()).isEqualTo("Invoice 44010126-0000000042");
            assertThat(read.getDocumentInformation().getCreationDate().toInstant())
                    .hasToString("2026-03-15T01:30:00Z");
            assertThat(catalog.getOutputIntents())
                    .singleElement()
                    .satisfies(intent ->
                            assertThat(intent.getOutputConditionIdentifier()).isEqualTo("sRGB IEC61966-2.1"));

            // The signed record: an associated file of the catalog (/AF), related as the page's source.
            PDComplexFileSpecification file =
                    catalog.getNames().getEmbeddedFiles().getNames().get("invoice-44010126-0000000042.json");
            COSArray associated = catalog.getCOSObject().getCOSArray(COSName.getPDFName("AF"));
            assertThat(associated.getObject(0)).isSameAs(file.getCOSObject());
            assertThat(file.getCOSObject().getNameAsString(COSName.getPDFName("AFRelationship")))
                    .isEqualTo("Source");
            PDEmbeddedFile embedded = file.getEmbeddedFile();
            assertThat(embedded.getSubtype()).isEqualTo("application/json");
            assertThat(embedded.getSize()).isEqualTo(document.json().length);
            assertThat(embedded.getModDate().toInstant()).hasToString("2026-03-15T01:30:00Z");
            assertThat(embedded.toByteArray()).isEqualTo(document.json());
        }
    }

    @Test
    void aDevelopmentPdfWithoutACjkFontEmbedsItsLatinFontAndIsPdfA3Too() throws Exception {
        InvoicePdf latin = new InvoicePdf(new DocumentProperties(List.of(Path.of("/no/such/font.ttc")), true));
        byte[] pdf = latin.render(
                SampleInvoices.document(Kind.MEDICAL, CryptoSuite.INTL), SampleInvoices.signer(CryptoSuite.INTL));

        assertCompliant(pdf, PDFAFlavour.PDFA_3_U);
        try (PDDocument read = Loader.loadPDF(pdf)) {
            assertThat(read.getPage(0).getResources().getFontNames())
                    .allSatisfy(name -> assertThat(
                                    read.getPage(0).getResources().getFont(name).isEmbedded())
                            .isTrue());
        }
    }

    @Test
    void withoutItsOutputIntentThePdfIsRefused() throws Exception {
        byte[] pdf = RENDERER.render(SampleInvoices.document(Kind.VAT, CryptoSuite.INTL));
        byte[] withoutIntent;
        try (PDDocument read = Loader.loadPDF(pdf)) {
            read.getDocumentCatalog().getCOSObject().removeItem(COSName.OUTPUT_INTENTS);
            withoutIntent = saved(read);
        }

        assertThat(PdfAValidation.failedRules(withoutIntent, PDFAFlavour.PDFA_3_B))
                .anySatisfy(rule -> assertThat(rule).startsWith("6.2.4.3-"));
    }

    @Test
    void aStandardFontThatIsOnlyNamedAsThePdfOnceUsedItIsRefused() throws Exception {
        byte[] pdf = RENDERER.render(SampleInvoices.document(Kind.VAT, CryptoSuite.INTL));
        byte[] withHelvetica;
        try (PDDocument read = Loader.loadPDF(pdf)) {
            try (PDPageContentStream content =
                    new PDPageContentStream(read, read.getPage(0), PDPageContentStream.AppendMode.APPEND, true)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 8);
                content.newLineAtOffset(40, 20);
                content.showText("Invoice No.");
                content.endText();
            }
            withHelvetica = saved(read);
        }

        assertThat(PdfAValidation.failedRules(withHelvetica, PDFAFlavour.PDFA_3_B))
                .anySatisfy(rule -> assertThat(rule).startsWith("6.2.11.4.1-"));
    }

    private static byte[] saved(PDDocument document) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    private static void assertCompliant(byte[] pdf, PDFAFlavour flavour) throws Exception {
        List<String> failed = PdfAValidation.failedRules(pdf, flavour);
        assertThat(failed)
                .withFailMessage(
                        "veraPDF finds the PDF not %s compliant; failed rules:%n%s", flavour, String.join("\n", failed))
                .isEmpty();
    }
}
