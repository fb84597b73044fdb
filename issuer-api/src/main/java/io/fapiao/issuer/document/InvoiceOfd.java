package io.fapiao.issuer.document;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.fapiao.issuer.document.InvoiceContent.Line;
import io.fapiao.issuer.document.InvoiceContent.Party;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.ledger.InvoiceNumber;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.ofdrw.core.basicType.ST_Loc;
import org.ofdrw.font.Font;
import org.ofdrw.layout.OFDDoc;
import org.ofdrw.layout.PageLayout;
import org.ofdrw.layout.VirtualPage;
import org.ofdrw.layout.edit.Attachment;
import org.ofdrw.layout.element.canvas.Canvas;
import org.ofdrw.layout.element.canvas.DrawContext;
import org.ofdrw.layout.element.canvas.FontSetting;
import org.ofdrw.layout.element.canvas.TextAlign;
import org.ofdrw.sign.stamppos.NormalStampPos;
import org.springframework.stereotype.Component;

/**
 * Renders a {@link SignedInvoiceDocument} as an OFD (GB/T 33190) sealed with the issuer's SM2
 * e-seal (GB/T 38540): the form a Chinese e-invoice or medical e-bill (财政电子票据) legally takes.
 *
 * <ul>
 *   <li>The page, laid out as the national e-bill style shows it: title (医疗收费电子票据 for a medical
 *       bill, 电子发票（普通发票） otherwise, 红字 before it on a red-letter invoice, which names the
 *       invoice it reverses), bill code, number, check code and date, payer and payee, the items, the
 *       total in figures and in capitals (大写, {@link ChineseAmount}), a medical bill's insurance
 *       split, payee and clerk, and the verification QR code ({@link InvoiceQr}). Pages follow when
 *       the items do not fit on one. Text is in the CJK font the PDF uses ({@link DocumentFont}),
 *       embedded as a subset.
 *   <li>The signed record ({@link SignedInvoiceDocument#json()}, the bytes whose SHA-256 the ledger
 *       holds) attached as {@code invoice-<number>.json}.
 *   <li>The issuer's e-seal over the whole package ({@link IssuerSeal}, {@link OfdSealing}): a round
 *       red seal picture ({@link SealImage}) stamped by the payee's name, with an SES v4 signature
 *       by the issuer's SM2 key. The seal is made by the issuer itself, not by a seal-making
 *       authority (see {@link IssuerSeal}).
 * </ul>
 *
 * Deterministic: dates come from the invoice's issue time, the document id from its hash, the zip
 * from {@link OfdSealing}; with a deterministic {@link Signer} the same document gives the same bytes.
 *
 * <pre>{@code
 * if (invoiceOfd.canSeal(sealer)) {
 *     byte[] ofd = invoiceOfd.render(document, sealer);   // application/ofd
 * }
 * }</pre>
 */
@Component
public class InvoiceOfd implements InvoiceRenderer {
    /** A4, in millimetres, as ofdrw measures. */
    private static final double WIDTH = 210;

    private static final double HEIGHT = 297;
    private static final double MARGIN = 15;
    private static final double ROW = 6;
    private static final double TABLE_TOP = 80;
    /** Item rows on a page that also carries the totals and the seal, and on one that does not. */
    private static final int LAST_PAGE_ROWS = 18;

    private static final int FULL_PAGE_ROWS = 31;
    private static final double SEAL_SIZE = 40;
    private static final String ATTACHMENTS = "/Doc_0/Attachs";
    private static final String FONT_FAMILY = "WenQuanYi Micro Hei";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final int[] LABEL = {0x80, 0x1d, 0x1d};
    private static final int[] INK = {0, 0, 0};

    private final DocumentFont font;
    private final SealImage sealImage;

    public InvoiceOfd(DocumentProperties properties) {
        this.font = DocumentFont.load(properties.fonts(), properties.latinOnly());
        this.sealImage = font.source().map(InvoiceOfd::sealImage).orElse(null);
    }

    /** The seal is drawn with the whole font file, loaded into AWT once. */
    private static SealImage sealImage(Path fontFile) {
        try {
            return new SealImage(java.awt.Font.createFonts(fontFile.toFile())[0]);
        } catch (FontFormatException | IOException e) {
            throw new IllegalStateException("AWT cannot read the document font " + fontFile, e);
        }
    }

    @Override
    public DocumentFormat format() {
        return DocumentFormat.OFD;
    }

    /**
     * Only an SM2 key (GB/T 38540 e-seals are SM2 with SM3), and only with the CJK font: in the
     * development's Latin-only mode no OFD is offered (406 on download), rather than queued renderings
     * that fail for good.
     */
    @Override
    public boolean canSeal(Signer sealer) {
        return sealer.suite() == CryptoSuite.GM && font.cjk() && sealImage != null;
    }

    @Override
    public synchronized byte[] render(SignedInvoiceDocument document, Signer sealer) throws IOException {
        if (!canSeal(sealer)) {
            throw new IOException("an OFD e-seal needs an SM2 key; the sealer's key is " + sealer.suite());
        }
        if (!font.cjk() || sealImage == null) {
            throw new IOException("OFD invoices need the CJK font (fapiao.issuer.document.fonts); none was found");
        }
        InvoiceContent invoice = document.content();
        Instant issuedAt = Instant.parse(invoice.issuedAt());
        Path work = Files.createTempDirectory("fapiao-ofd-");
        try {
            Sheet sheet = new Sheet(invoice, document.sha256());
            Path fontFile = work.resolve("font.ttf");
            List<List<Line>> pages = pages(invoice.lines());
            // A first pass that only records the text: every character the pages print goes in the subset.
            Pen recorder = Pen.recorder();
            for (int p = 0; p < pages.size(); p++) {
                sheet.draw(recorder, p + 1, pages.size(), pages.get(p), p + 1 == pages.size());
            }
            byte[] subset = font.subset(recorder.recorded());
            Files.write(fontFile, subset);
            // Named as PDF names subsets, TAG+Family, the tag from the subset's bytes: viewers that cache
            // fonts by name never draw this document's text with another document's subset.
            Font face = new MeasuredFont(subsetTag(subset) + "+" + FONT_FAMILY, fontFile, font);
            Path json = work.resolve(InvoicePdf.attachmentName(invoice.invoiceNumber()));
            Files.write(json, document.json());
            Path unsigned = work.resolve("unsigned.ofd");
            try (OFDDoc ofd = new OFDDoc(unsigned)) {
                ofd.setDefaultPageLayout(new PageLayout(WIDTH, HEIGHT));
                for (int p = 0; p < pages.size(); p++) {
                    int number = p + 1;
                    List<Line> rows = pages.get(p);
                    boolean last = number == pages.size();
                    VirtualPage page = new VirtualPage(WIDTH, HEIGHT);
                    Canvas canvas = new Canvas(0, 0, WIDTH, HEIGHT);
                    canvas.setDrawer(ctx -> sheet.draw(new Pen(ctx, face), number, pages.size(), rows, last));
                    page.add(canvas);
                    ofd.addVPage(page);
                }
                Attachment attachment = new Attachment(json.getFileName().toString(), json)
                        .setFormat("json")
                        .setUsage("signed invoice record; SHA-256 " + document.sha256());
                ofd.addAttachment(ATTACHMENTS, attachment);
                // ofdrw 2.3.1 writes the location without its document's folder (/Attachs/...), which
                // its own reader then cannot find: the full path is set here.
                attachment.getAttachment().setFileLoc(new ST_Loc(ATTACHMENTS + "/" + json.getFileName()));
                // addAttachment stamps the clock's time; the record's own time replaces it.
                attachment.setCreationDate(LocalDateTime.ofInstant(issuedAt, ZoneOffset.UTC));
                ofd.getOfdDir()
                        .getOfd()
                        .getDocBody()
                        .getDocInfo()
                        .setDocID(UUID.nameUUIDFromBytes(document.sha256().getBytes(StandardCharsets.US_ASCII)))
                        .setTile(sheet.title())
                        .setSubject("documentHash " + document.sha256())
                        .setCreationDate(LocalDate.ofInstant(issuedAt, ZoneOffset.UTC))
                        .setCreator("Fapiao issuer-api")
                        .setCreatorVersion("1");
            } catch (org.dom4j.DocumentException e) {
                throw new IOException("ofdrw could not build the OFD", e);
            }
            IssuerSeal seal = IssuerSeal.make(
                    sealer,
                    invoice.issuer().name(),
                    sealImage.png(invoice.issuer().name()),
                    issuedAt);
            return OfdSealing.seal(
                    unsigned,
                    seal,
                    issuedAt,
                    new NormalStampPos(pages.size(), Sheet.SEAL_X, Sheet.sealY(), SEAL_SIZE, SEAL_SIZE));
        } catch (GeneralSecurityException e) {
            throw new IOException("the OFD could not be sealed", e);
        } finally {
            delete(work);
        }
    }

    /** Six capital letters from the SHA-256 of {@code subset}. */
    static String subsetTag(byte[] subset) {
        byte[] hash = CryptoSuite.INTL.digest(subset);
        StringBuilder tag = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            tag.append((char) ('A' + (hash[i] & 0xff) % 26));
        }
        return tag.toString();
    }

    /**
     * The embedded subset as ofdrw sees it, measured from the font's own metrics (FontBox): ofdrw
     * would otherwise ask AWT, whose fonts are registered JVM-wide by name, so that the subset of one
     * document could measure the text of the next (every subset is called WenQuanYi Micro Hei inside).
     */
    private static final class MeasuredFont extends Font {
        private final DocumentFont metrics;

        MeasuredFont(String name, Path file, DocumentFont metrics) throws IOException {
            super(name, FONT_FAMILY, file, metrics.asciiWidths());
            this.metrics = metrics;
        }

        @Override
        public double getCharWidthScale(char c) {
            try {
                return metrics.width(c);
            } catch (IOException e) {
                throw new UncheckedIOException("the document font's metrics cannot be read", e);
            }
        }
    }

    /** The items split into pages: the last page keeps room for the totals and the seal. */
    static List<List<Line>> pages(List<Line> lines) {
        List<List<Line>> pages = new ArrayList<>();
        int from = 0;
        while (lines.size() - from > LAST_PAGE_ROWS) {
            int take = Math.min(FULL_PAGE_ROWS, lines.size() - from - 1);
            pages.add(lines.subList(from, from + take));
            from += take;
        }
        pages.add(lines.subList(from, lines.size()));
        return pages;
    }

    private static void delete(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary directory left behind is untidy, not wrong.
        }
    }

    /** The QR code's modules, one flag per module, row by row. */
    private static BitMatrix qr(String payload) throws IOException {
        try {
            return new QRCodeWriter()
                    .encode(
                            payload,
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IOException("the QR code cannot encode " + payload.length() + " characters", e);
        }
    }

    /**
     * Drawing on one page: text in the embedded font, sizes in millimetres. A recorder draws nothing
     * and keeps the text it is given, so the font subset can be cut before the page is drawn.
     */
    private static final class Pen {
        private final DrawContext ctx;
        private final Font face;
        private final StringBuilder record;

        Pen(DrawContext ctx, Font face) {
            this.ctx = ctx;
            this.face = face;
            this.record = null;
        }

        private Pen() {
            this.ctx = null;
            this.face = null;
            this.record = new StringBuilder("…");
        }

        static Pen recorder() {
            return new Pen();
        }

        String recorded() {
            return record.toString();
        }

        void text(String text, double x, double y, double size, int[] color, TextAlign align) throws IOException {
            if (record != null) {
                record.append(text);
                return;
            }
            ctx.setFont(new FontSetting(size, face).setTextAlign(align));
            ctx.setFillColor(color);
            ctx.fillText(text, x, y);
        }

        /** {@code text}, shortened with an ellipsis to {@code width}. */
        String fit(String text, double size, double width) {
            if (record != null) {
                return text;
            }
            ctx.setFont(new FontSetting(size, face));
            if (ctx.measureText(text).width <= width) {
                return text;
            }
            String shorter = text;
            while (!shorter.isEmpty() && ctx.measureText(shorter + "…").width > width) {
                shorter = shorter.substring(0, shorter.offsetByCodePoints(shorter.length(), -1));
            }
            return shorter + "…";
        }

        void line(double x1, double y1, double x2, double y2, double width) {
            if (record != null) {
                return;
            }
            ctx.setStrokeColor(LABEL);
            ctx.setLineWidth(width);
            ctx.beginPath();
            ctx.moveTo(x1, y1);
            ctx.lineTo(x2, y2);
            ctx.stroke();
        }

        void qr(BitMatrix matrix, double x, double y, double size) {
            if (record != null) {
                return;
            }
            double module = size / matrix.getWidth();
            ctx.setFillColor(INK);
            ctx.beginPath();
            for (int row = 0; row < matrix.getHeight(); row++) {
                for (int column = 0; column < matrix.getWidth(); column++) {
                    if (matrix.get(column, row)) {
                        ctx.rect(x + column * module, y + row * module, module, module);
                    }
                }
            }
            ctx.fill();
        }
    }

    /** What the pages say, and where. */
    private final class Sheet {
        static final double SEAL_X = 40;
        private static final double FOOTER_TOP = 232;

        private final InvoiceContent invoice;
        private final String documentHash;
        private final boolean medical;
        private final double[] columns;
        private final String[] headers;

        Sheet(InvoiceContent invoice, String documentHash) {
            this.invoice = invoice;
            this.documentHash = documentHash;
            this.medical = "MEDICAL_BILL".equals(invoice.source().type());
            this.columns = medical ? new double[] {70, 40, 18, 24, 28} : new double[] {58, 34, 16, 20, 12, 22, 18};
            this.headers = medical
                    ? new String[] {"项目名称", "项目编码", "数量", "单价", "金额（元）"}
                    : new String[] {"项目名称", "类别", "数量", "单价", "税率", "金额（元）", "税额（元）"};
        }

        static double sealY() {
            return FOOTER_TOP - 12;
        }

        String title() {
            String title = medical ? "医疗收费电子票据" : "电子发票（普通发票）";
            return "RED".equals(invoice.kind()) ? "红字" + title : title;
        }

        void draw(Pen pen, int number, int pages, List<Line> rows, boolean last) throws IOException {
            header(pen, number, pages);
            double y = table(pen, rows);
            if (last) {
                totals(pen, y);
                footer(pen);
            }
        }

        private void header(Pen pen, int number, int pages) throws IOException {
            pen.qr(
                    qr(new InvoiceQr(invoice.invoiceNumber(), invoice.checkCode(), documentHash).payload()),
                    MARGIN,
                    12,
                    24);
            pen.text("扫码核验", MARGIN + 12, 40, 2.4, LABEL, TextAlign.center);
            pen.text(title(), WIDTH / 2, 26, 7, LABEL, TextAlign.center);
            pen.line(WIDTH / 2 - 40, 29, WIDTH / 2 + 40, 29, 0.4);
            pen.line(WIDTH / 2 - 40, 30, WIDTH / 2 + 40, 30, 0.4);
            if (pages > 1) {
                pen.text("第 " + number + " 页 / 共 " + pages + " 页", WIDTH - MARGIN, 14, 2.8, INK, TextAlign.end);
            }
            double y = 50;
            // The invoice's own code and number as the MoF form prints them (票据代码 8 digits, 票据号码 10).
            InvoiceNumber printed = InvoiceNumber.parse("invoiceNumber", invoice.invoiceNumber());
            field(pen, "票据代码", printed.billCode(), MARGIN, y, 80);
            field(pen, "票据号码", printed.serial(), 112, y, 83);
            y += 7;
            field(
                    pen,
                    "校验码",
                    invoice.checkCode() == null ? "—" : InvoicePdf.groups(invoice.checkCode()),
                    MARGIN,
                    y,
                    80);
            field(
                    pen,
                    "开票日期",
                    DATE.format(LocalDate.ofInstant(Instant.parse(invoice.issuedAt()), ZoneOffset.UTC)),
                    112,
                    y,
                    83);
            y += 7;
            field(pen, medical ? "交款人" : "购买方", party(invoice.buyer()), MARGIN, y, 180);
            y += 7;
            field(pen, medical ? "收款单位" : "销售方", party(invoice.seller()), MARGIN, y, 180);
            if (invoice.reverses() != null) {
                y += 7;
                field(
                        pen,
                        "冲红原票据",
                        invoice.reverses().invoiceNumber() + "（原因 "
                                + invoice.reverses().reasonCode() + "，原发票记录 SHA-256 "
                                + invoice.reverses().documentHash().substring(0, 16) + "…）",
                        MARGIN,
                        y,
                        180);
            }
        }

        private void field(Pen pen, String label, String value, double x, double y, double width) throws IOException {
            pen.text(label + "：", x, y, 3, LABEL, TextAlign.start);
            double at = x + 3 * (label.length() + 1) + 1;
            pen.text(pen.fit(value, 3, width - (at - x)), at, y, 3, INK, TextAlign.start);
        }

        /** The items table; returns the height below it. */
        private double table(Pen pen, List<Line> rows) throws IOException {
            double top = TABLE_TOP + (invoice.reverses() != null ? 4 : 0);
            pen.line(MARGIN, top, WIDTH - MARGIN, top, 0.3);
            row(pen, headers, top + 4.3, LABEL);
            pen.line(MARGIN, top + ROW, WIDTH - MARGIN, top + ROW, 0.2);
            double y = top + ROW;
            for (Line line : rows) {
                row(pen, cells(line), y + 4.3, INK);
                y += ROW;
            }
            pen.line(MARGIN, y, WIDTH - MARGIN, y, 0.3);
            return y;
        }

        private void row(Pen pen, String[] cells, double baseline, int[] color) throws IOException {
            double x = MARGIN;
            for (int i = 0; i < cells.length; i++) {
                String text = pen.fit(font.printable(cells[i]), 2.8, columns[i] - 2);
                boolean number = i >= 2;
                pen.text(
                        text,
                        number ? x + columns[i] - 1 : x + 1,
                        baseline,
                        2.8,
                        color,
                        number ? TextAlign.end : TextAlign.start);
                x += columns[i];
            }
        }

        private String[] cells(Line line) {
            String code = line.code() == null ? nullToEmpty(line.category()) : line.code();
            return medical
                    ? new String[] {line.name(), code, line.quantity(), line.unitPrice(), InvoicePdf.yuan(line.amount())
                    }
                    : new String[] {
                        line.name(),
                        code,
                        line.quantity(),
                        line.unitPrice(),
                        nullToEmpty(line.taxRate()),
                        InvoicePdf.yuan(line.amount()),
                        InvoicePdf.yuan(line.tax())
                    };
        }

        private void totals(Pen pen, double top) throws IOException {
            double y = top + 6;
            InvoiceContent.Totals totals = invoice.totals();
            field(pen, medical ? "金额合计（大写）" : "价税合计（大写）", ChineseAmount.of(totals.total()), MARGIN, y, 120);
            field(pen, "（小写）", "￥" + InvoicePdf.yuan(totals.total()), 140, y, 55);
            if (!medical) {
                y += 7;
                field(pen, "金额合计", "￥" + InvoicePdf.yuan(totals.amount()), MARGIN, y, 80);
                field(pen, "税额合计", "￥" + InvoicePdf.yuan(totals.tax()), 112, y, 83);
            }
            if (invoice.settlement() != null) {
                y += 7;
                InvoiceContent.Settlement s = invoice.settlement();
                field(pen, "医保统筹基金支付", InvoicePdf.yuan(s.fundPaid()), MARGIN, y, 62);
                field(pen, "个人账户支付", InvoicePdf.yuan(s.personalAccount()), 78, y, 56);
                field(pen, "个人现金支付", InvoicePdf.yuan(s.personalCash()), 136, y, 59);
            }
            if (invoice.remarks() != null) {
                String[] remarks = invoice.remarks().split("\n");
                for (int i = 0; i < Math.min(remarks.length, 3); i++) {
                    y += 6;
                    field(pen, i == 0 ? "备注" : "　　", remarks[i], MARGIN, y, 180);
                }
            }
        }

        private void footer(Pen pen) throws IOException {
            double y = FOOTER_TOP + 20;
            field(pen, "收款单位（章）", invoice.issuer().name(), MARGIN, y, 100);
            field(
                    pen,
                    "收款人",
                    invoice.source().clerk() == null ? "—" : invoice.source().clerk(),
                    140,
                    y,
                    55);
            y += 12;
            String name = InvoicePdf.attachmentName(invoice.invoiceNumber());
            pen.text(
                    "签名数据：附件 " + name + "，开具方签名的发票记录；其 SHA-256（账本所记 documentHash）：",
                    MARGIN,
                    y,
                    2.4,
                    INK,
                    TextAlign.start);
            pen.text(documentHash, MARGIN, y + 4, 2.4, INK, TextAlign.start);
            pen.text("本文档由开具方的电子印章签章（SM2，GB/T 38540）；扫码核验。", MARGIN, y + 8, 2.4, INK, TextAlign.start);
        }

        private String party(Party party) {
            StringBuilder text = new StringBuilder(party.name());
            if (party.uscc() != null) {
                text.append("  统一社会信用代码 ").append(party.uscc());
            }
            if (party.idType() != null) {
                text.append("  证件 ").append(InvoicePdf.masked(party.idNumber()));
            }
            return text.toString();
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
