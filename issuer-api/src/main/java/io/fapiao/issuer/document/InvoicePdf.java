package io.fapiao.issuer.document;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.fapiao.issuer.document.InvoiceContent.Line;
import io.fapiao.issuer.document.InvoiceContent.Party;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.ledger.InvoiceNumber;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.springframework.stereotype.Component;

/**
 * Renders a {@link SignedInvoiceDocument} as an A4 PDF/A-3u document (Apache PDFBox 3; {@link PdfA3}):
 * the invoice for people, with a QR code ({@link InvoiceQr}: number, check code, documentHash) and the
 * signed JSON itself embedded as the associated file {@code invoice-<number>.json} (as Factur-X
 * carries its XML), so the PDF carries the document whose hash the ledger holds; sealed, it also
 * carries the issuer's PAdES signature ({@link PadesSignature}). The QR code is drawn as vector
 * squares (no image). The same document and key render to the same bytes (fixed dates, a trailer
 * ID from the document hash, a deterministic signature), but callers store the first rendering and
 * serve that.
 *
 * <pre>{@code
 * byte[] pdf = invoicePdf.render(document, keys.documentSigner(CryptoSuite.INTL));
 * }</pre>
 */
@Component
public class InvoicePdf implements InvoiceRenderer {
    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 40;
    private static final float QR_SIZE = 96;
    private static final float[] COLUMNS = {165, 100, 40, 60, 45, 55, 50};

    private final DocumentFont font;

    public InvoicePdf(DocumentProperties properties) {
        this.font = DocumentFont.load(properties.fonts(), properties.latinOnly());
    }

    /** Whether this renderer prints Chinese text (a CJK font was found). */
    public boolean printsChinese() {
        return font.cjk();
    }

    @Override
    public DocumentFormat format() {
        return DocumentFormat.PDF;
    }

    /** The PDF/A-3 of {@code document}, signed by {@code sealer} (PAdES baseline B-B). */
    @Override
    public byte[] render(SignedInvoiceDocument document, Signer sealer) throws IOException {
        InvoiceContent invoice = document.content();
        return PadesSignature.sign(
                render(document),
                sealer,
                calendar(invoice.issuedAt()),
                "Invoice " + invoice.invoiceNumber() + " issued by "
                        + invoice.issuer().name());
    }

    /** The PDF/A-3 of {@code document}, not signed (what {@link #render(SignedInvoiceDocument, Signer)} signs). */
    public synchronized byte[] render(SignedInvoiceDocument document) throws IOException {
        InvoiceContent invoice = document.content();
        try (PDDocument pdf = new PDDocument()) {
            PDFont regular = font.regular(pdf);
            Sheet sheet = new Sheet(pdf, regular, font.bold(pdf, regular), invoice.invoiceNumber());
            heading(sheet, invoice);
            qr(sheet, new InvoiceQr(invoice.invoiceNumber(), invoice.checkCode(), document.sha256()));
            summary(sheet, invoice);
            parties(sheet, invoice);
            lines(sheet, invoice);
            totals(sheet, invoice);
            footer(sheet, document);
            sheet.close();
            attach(pdf, document);
            describe(pdf, document);
            PdfA3.declare(pdf);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        }
    }

    private void heading(Sheet sheet, InvoiceContent invoice) throws IOException {
        boolean medical = "MEDICAL_BILL".equals(invoice.source().type());
        String title = medical ? font.label("医疗收费电子票据", "Medical e-Invoice") : font.label("电子发票（普通发票）", "e-Invoice");
        if ("RED".equals(invoice.kind())) {
            title = font.label("红字", "Red-letter") + " " + title;
        }
        sheet.text(MARGIN, sheet.y, 16, sheet.bold, title);
        sheet.y -= 28;
    }

    private void qr(Sheet sheet, InvoiceQr qr) throws IOException {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter()
                    .encode(
                            qr.payload(),
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IOException("the QR code cannot encode " + qr.payload().length() + " characters", e);
        }
        float module = QR_SIZE / matrix.getWidth();
        float left = PAGE.getWidth() - MARGIN - QR_SIZE;
        float top = PAGE.getHeight() - MARGIN + 6;
        for (int row = 0; row < matrix.getHeight(); row++) {
            for (int column = 0; column < matrix.getWidth(); column++) {
                if (matrix.get(column, row)) {
                    sheet.content.addRect(left + column * module, top - (row + 1) * module, module, module);
                }
            }
        }
        sheet.content.fill();
        sheet.text(left, top - QR_SIZE - 9, 6, sheet.regular, font.label("扫码核验", "Scan to verify"));
    }

    private void summary(Sheet sheet, InvoiceContent invoice) throws IOException {
        InvoiceNumber printed = InvoiceNumber.parse("invoiceNumber", invoice.invoiceNumber());
        field(sheet, font.label("票据代码", "Bill code"), printed.billCode());
        field(sheet, font.label("票据号码", "Number"), printed.serial());
        if (invoice.checkCode() != null) {
            field(sheet, font.label("校验码", "Check code"), groups(invoice.checkCode()));
        }
        field(sheet, font.label("开票时间", "Issued at"), invoice.issuedAt());
        field(
                sheet,
                font.label("开票方", "Issuer"),
                invoice.issuer().name() + " (" + invoice.issuer().issuerId() + ", "
                        + invoice.issuer().mspId() + ")");
        InvoiceContent.Source source = invoice.source();
        field(
                sheet,
                font.label("票据", "Bill"),
                invoice.billKey() + "  " + font.label("代码", "code") + " " + source.billCode() + "  "
                        + source.issuedAt());
        if (source.clerk() != null) {
            field(sheet, font.label("收款人", "Payee clerk"), source.clerk());
        }
        if (invoice.reverses() != null) {
            field(
                    sheet,
                    font.label("冲红原发票", "Reverses"),
                    invoice.reverses().invoiceNumber() + "  " + font.label("原因", "reason") + " "
                            + invoice.reverses().reasonCode());
            field(
                    sheet,
                    font.label("原发票文档", "Its document"),
                    "SHA-256 " + invoice.reverses().documentHash());
        }
        sheet.y -= 6;
    }

    private void parties(Sheet sheet, InvoiceContent invoice) throws IOException {
        boolean medical = "MEDICAL_BILL".equals(invoice.source().type());
        field(sheet, medical ? font.label("收款单位", "Payee") : font.label("销售方", "Seller"), party(invoice.seller()));
        field(sheet, medical ? font.label("交款人", "Payer") : font.label("购买方", "Buyer"), party(invoice.buyer()));
        sheet.y -= 8;
    }

    private String party(Party party) {
        StringBuilder text = new StringBuilder(party.name());
        if (party.uscc() != null) {
            text.append("  USCC ").append(party.uscc());
        }
        if (party.idType() != null) {
            text.append("  ").append(party.idType()).append(' ').append(masked(party.idNumber()));
        }
        return text.toString();
    }

    /** An identity document number with its middle hidden; the signed JSON keeps it whole. */
    static String masked(String number) {
        if (number == null || number.length() <= 4) {
            return number;
        }
        int shown = number.length() >= 15 ? 6 : 2;
        return number.substring(0, shown)
                + "*".repeat(number.length() - shown - 4)
                + number.substring(number.length() - 4);
    }

    private void lines(Sheet sheet, InvoiceContent invoice) throws IOException {
        tableHeader(sheet);
        for (Line line : invoice.lines()) {
            sheet.ensure(14, this::tableHeader);
            String[] cells = {
                line.name(),
                line.code() == null ? (line.category() == null ? "" : line.category()) : line.code(),
                line.quantity(),
                line.unitPrice(),
                line.taxRate() == null ? "" : line.taxRate(),
                yuan(line.amount()),
                yuan(line.tax())
            };
            row(sheet, cells, sheet.regular);
        }
        sheet.rule();
    }

    private void tableHeader(Sheet sheet) throws IOException {
        String[] header = {
            font.label("项目", "Item"),
            font.label("编码", "Code"),
            font.label("数量", "Qty"),
            font.label("单价", "Unit price"),
            font.label("税率", "Rate"),
            font.label("金额", "Amount"),
            font.label("税额", "Tax")
        };
        sheet.rule();
        row(sheet, header, sheet.bold);
        sheet.rule();
    }

    private void row(Sheet sheet, String[] cells, PDFont face) throws IOException {
        float x = MARGIN;
        for (int i = 0; i < cells.length; i++) {
            String text = sheet.fit(font.printable(cells[i]), COLUMNS[i] - 4, 8, face);
            boolean number = i >= 2;
            float at = number ? x + COLUMNS[i] - 2 - sheet.width(text, 8, face) : x + 2;
            sheet.raw(at, sheet.y, 8, face, text);
            x += COLUMNS[i];
        }
        sheet.y -= 12;
    }

    private void totals(Sheet sheet, InvoiceContent invoice) throws IOException {
        sheet.ensure(60, s -> {});
        sheet.y -= 4;
        field(sheet, font.label("金额合计", "Amount"), yuan(invoice.totals().amount()) + " CNY");
        field(sheet, font.label("税额合计", "Tax"), yuan(invoice.totals().tax()) + " CNY");
        field(sheet, font.label("价税合计", "Total"), yuan(invoice.totals().total()) + " CNY");
        if (invoice.settlement() != null) {
            field(
                    sheet,
                    font.label("医保结算", "Settlement"),
                    font.label("统筹基金", "fund") + " "
                            + yuan(invoice.settlement().fundPaid()) + "  " + font.label("个人账户", "account") + " "
                            + yuan(invoice.settlement().personalAccount()) + "  " + font.label("个人现金", "cash") + " "
                            + yuan(invoice.settlement().personalCash()));
        }
        if (invoice.remarks() != null) {
            boolean first = true;
            for (String remark : invoice.remarks().split("\n")) {
                field(sheet, first ? font.label("备注", "Remarks") : "", remark);
                first = false;
            }
        }
        sheet.y -= 8;
    }

    private void footer(Sheet sheet, SignedInvoiceDocument document) throws IOException {
        sheet.ensure(70, s -> {});
        sheet.rule();
        String name = attachmentName(document.content().invoiceNumber());
        small(
                sheet,
                "Signed document: attached file " + name + ", canonical JSON signed by "
                        + document.signer().getSubjectX500Principal().getName() + ".");
        small(sheet, "Its SHA-256, recorded on the ledger as the invoice's documentHash and carried by the QR code:");
        small(sheet, document.sha256());
        small(
                sheet,
                "This PDF is a rendering of that document; the QR code carries the document's hash, not the PDF's.");
        if (!font.cjk()) {
            small(
                    sheet,
                    "No CJK font was available: characters outside ASCII are shown as '?'; the attached "
                            + "document holds the exact text.");
        }
    }

    private void small(Sheet sheet, String text) throws IOException {
        sheet.ensure(10, s -> {});
        sheet.raw(
                MARGIN,
                sheet.y,
                7,
                sheet.regular,
                sheet.fit(font.printable(text), PAGE.getWidth() - 2 * MARGIN, 7, sheet.regular));
        sheet.y -= 10;
    }

    private void field(Sheet sheet, String label, String value) throws IOException {
        sheet.ensure(14, s -> {});
        sheet.raw(MARGIN, sheet.y, 9, sheet.bold, font.printable(label));
        float right = sheet.y > PAGE.getHeight() - MARGIN - QR_SIZE - 20 ? MARGIN + QR_SIZE + 12 : 0;
        sheet.raw(
                MARGIN + 110,
                sheet.y,
                9,
                sheet.regular,
                sheet.fit(font.printable(value), PAGE.getWidth() - 2 * MARGIN - 110 - right, 9, sheet.regular));
        sheet.y -= 14;
    }

    static String groups(String digits) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 5) {
            out.append(i == 0 ? "" : " ").append(digits, i, Math.min(digits.length(), i + 5));
        }
        return out.toString();
    }

    /** Fen as yuan with two decimals, e.g. {@code -1234} → {@code -12.34}. */
    static String yuan(long fen) {
        long abs = Math.abs(fen);
        return (fen < 0 ? "-" : "") + abs / 100 + "." + String.format("%02d", abs % 100);
    }

    static String attachmentName(String invoiceNumber) {
        return "invoice-" + invoiceNumber + ".json";
    }

    private static void attach(PDDocument pdf, SignedInvoiceDocument document) throws IOException {
        String name = attachmentName(document.content().invoiceNumber());
        byte[] json = document.json();
        PDEmbeddedFile file = new PDEmbeddedFile(pdf, new ByteArrayInputStream(json), COSName.FLATE_DECODE);
        file.setSubtype("application/json");
        file.setSize(json.length);
        file.setCreationDate(calendar(document.content().issuedAt()));
        file.setModDate(calendar(document.content().issuedAt()));
        PDComplexFileSpecification specification = new PDComplexFileSpecification();
        specification.setFile(name);
        specification.setFileUnicode(name);
        specification.setFileDescription("Signed invoice document; SHA-256 " + document.sha256());
        specification.setEmbeddedFile(file);
        specification.setEmbeddedFileUnicode(file);
        // Source: the signed JSON is the original the whole page is drawn from, and the legal record; not the
        // data behind one table or graph (Data), nor an equivalent of the page (Alternative).
        specification.getCOSObject().setName(COSName.getPDFName("AFRelationship"), "Source");
        PDEmbeddedFilesNameTreeNode files = new PDEmbeddedFilesNameTreeNode();
        files.setNames(Map.of(name, specification));
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(pdf.getDocumentCatalog());
        names.setEmbeddedFiles(files);
        pdf.getDocumentCatalog().setNames(names);
        COSArray associated = new COSArray();
        associated.add(specification);
        pdf.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("AF"), associated);
    }

    private static void describe(PDDocument pdf, SignedInvoiceDocument document) {
        PDDocumentInformation info = pdf.getDocumentInformation();
        info.setTitle("Invoice " + document.content().invoiceNumber());
        info.setSubject("documentHash " + document.sha256());
        info.setProducer("Fapiao issuer-api");
        Calendar issued = calendar(document.content().issuedAt());
        info.setCreationDate(issued);
        info.setModificationDate(issued);
        // A fixed trailer ID: PDFBox would otherwise derive one from the clock.
        byte[] id = HexFormat.of().parseHex(document.sha256().substring(0, 32));
        COSArray ids = new COSArray();
        ids.add(new COSString(id));
        ids.add(new COSString(id));
        pdf.getDocument().getTrailer().setItem(COSName.ID, ids);
    }

    /** {@code instant} in UTC, to the second: PDF dates have no fractions, and the XMP must equal them. */
    private static Calendar calendar(String instant) {
        GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        calendar.setTimeInMillis(Instant.parse(instant).getEpochSecond() * 1000);
        return calendar;
    }

    /** The page being written, the pen's height, and page breaks. */
    private final class Sheet {
        private final PDDocument pdf;
        private final PDFont regular;
        private final PDFont bold;
        private final String invoiceNumber;
        private final List<PDPage> pages = new ArrayList<>();
        private PDPageContentStream content;
        private float y;

        Sheet(PDDocument pdf, PDFont regular, PDFont bold, String invoiceNumber) throws IOException {
            this.pdf = pdf;
            this.regular = regular;
            this.bold = bold;
            this.invoiceNumber = invoiceNumber;
            newPage();
        }

        private void newPage() throws IOException {
            if (content != null) {
                content.close();
            }
            PDPage page = new PDPage(PAGE);
            pdf.addPage(page);
            pages.add(page);
            content = new PDPageContentStream(pdf, page);
            y = PAGE.getHeight() - MARGIN;
            if (pages.size() > 1) {
                raw(MARGIN, y, 8, regular, font.printable(invoiceNumber + " (" + pages.size() + ")"));
                y -= 16;
            }
        }

        interface Continuation {
            void on(Sheet sheet) throws IOException;
        }

        /** Starts a new page when less than {@code height} is left, then runs {@code continuation} on it. */
        void ensure(float height, Continuation continuation) throws IOException {
            if (y - height < MARGIN) {
                newPage();
                continuation.on(this);
            }
        }

        void text(float x, float at, float size, PDFont face, String text) throws IOException {
            raw(x, at, size, face, font.printable(text));
        }

        void raw(float x, float at, float size, PDFont face, String text) throws IOException {
            if (text.isEmpty()) {
                return;
            }
            content.beginText();
            content.setFont(face, size);
            content.newLineAtOffset(x, at);
            content.showText(text);
            content.endText();
        }

        void rule() throws IOException {
            content.setLineWidth(0.5f);
            content.moveTo(MARGIN, y + 9);
            content.lineTo(PAGE.getWidth() - MARGIN, y + 9);
            content.stroke();
            y -= 3;
        }

        float width(String text, float size, PDFont face) throws IOException {
            return face.getStringWidth(text) / 1000 * size;
        }

        /** {@code text} shortened with an ellipsis to fit {@code width}. */
        String fit(String text, float width, float size, PDFont face) throws IOException {
            if (width(text, size, face) <= width) {
                return text;
            }
            String ellipsis = font.cjk() ? "…" : "...";
            int end = text.length();
            while (end > 0 && width(text.substring(0, end) + ellipsis, size, face) > width) {
                end = text.offsetByCodePoints(end, -1);
            }
            return text.substring(0, end) + ellipsis;
        }

        void close() throws IOException {
            content.close();
        }
    }
}
