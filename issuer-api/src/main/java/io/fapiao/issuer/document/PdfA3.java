package io.fapiao.issuer.document;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Calendar;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;

/**
 * Declares a PDF a PDF/A-3u document (ISO 19005-3, level U: level B's preserved appearance, and
 * every character mapped to Unicode, which PDFBox's embedded Type 0 fonts give with their ToUnicode
 * maps): the XMP metadata that claims it, which
 * repeats the document information dictionary (PDF/A wants the two equal: title, subject, producer,
 * creation and modification dates), and an sRGB output intent, which gives the device colours of
 * the page (black text and the QR code's squares) a defined meaning. Fonts are embedded by
 * {@link DocumentFont}; the associated file and its {@code /AF} entry by {@link InvoicePdf}.
 *
 * <pre>{@code
 * pdf.getDocumentInformation().setTitle("Invoice 44010126-0000000042");   // dates, subject, producer too
 * PdfA3.declare(pdf);
 * pdf.save(out);
 * }</pre>
 */
final class PdfA3 {
    /** The conformance level claimed: U (veraPDF checks the file as PDF/A-3B and as PDF/A-3U). */
    static final String CONFORMANCE = "U";

    private static final String SRGB = "sRGB IEC61966-2.1";
    private static final byte[] SRGB_PROFILE =
            ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    private static final DateTimeFormatter XMP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private PdfA3() {}

    /**
     * Adds the XMP metadata and the output intent to {@code pdf}, whose information dictionary is
     * already complete, and makes it PDF 1.7, the base of PDF/A-3.
     */
    static void declare(PDDocument pdf) throws IOException {
        pdf.setVersion(1.7f);
        PDDocumentCatalog catalog = pdf.getDocumentCatalog();
        PDMetadata metadata = new PDMetadata(pdf);
        // Uncompressed, as PDF/A requires of the metadata stream: anyone can read the claim.
        metadata.importXMPMetadata(xmp(pdf.getDocumentInformation()).getBytes(StandardCharsets.UTF_8));
        catalog.setMetadata(metadata);
        PDOutputIntent intent = new PDOutputIntent(pdf, new ByteArrayInputStream(SRGB_PROFILE));
        intent.setInfo(SRGB);
        intent.setOutputCondition(SRGB);
        intent.setOutputConditionIdentifier(SRGB);
        intent.setRegistryName("http://www.color.org");
        catalog.addOutputIntent(intent);
    }

    /** The XMP packet of {@code info}: the PDF/A claim and the information dictionary's values. */
    static String xmp(PDDocumentInformation info) {
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                + "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                + "<pdfaid:part>3</pdfaid:part>\n"
                + "<pdfaid:conformance>" + CONFORMANCE + "</pdfaid:conformance>\n"
                + "</rdf:Description>\n"
                + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                + "<dc:format>application/pdf</dc:format>\n"
                + "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + escaped(info.getTitle())
                + "</rdf:li></rdf:Alt></dc:title>\n"
                + "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + escaped(info.getSubject())
                + "</rdf:li></rdf:Alt></dc:description>\n"
                + "</rdf:Description>\n"
                + "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                + "<xmp:CreateDate>" + date(info.getCreationDate()) + "</xmp:CreateDate>\n"
                + "<xmp:ModifyDate>" + date(info.getModificationDate()) + "</xmp:ModifyDate>\n"
                + "<xmp:MetadataDate>" + date(info.getModificationDate()) + "</xmp:MetadataDate>\n"
                + "</rdf:Description>\n"
                + "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                + "<pdf:Producer>" + escaped(info.getProducer()) + "</pdf:Producer>\n"
                + "</rdf:Description>\n"
                + "</rdf:RDF>\n"
                + "</x:xmpmeta>\n"
                + "<?xpacket end=\"r\"?>";
    }

    /** A date as XMP writes it, to the second like the information dictionary, in its time zone. */
    private static String date(Calendar calendar) {
        return calendar.toInstant()
                .truncatedTo(ChronoUnit.SECONDS)
                .atOffset(
                        ZoneOffset.ofTotalSeconds(calendar.getTimeZone().getOffset(calendar.getTimeInMillis()) / 1000))
                .format(XMP_DATE);
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
