package io.fapiao.issuer.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The font of the invoice PDFs: a CJK TrueType font from the configured files, or (only when allowed
 * for development) Liberation Sans, which PDFBox ships, with printable ASCII only. Parsed once; its
 * glyphs are embedded per document as a subset, as PDF/A requires of every font (never one of the
 * standard 14, which a PDF only names). Not thread-safe: {@link InvoicePdf} renders one document at a
 * time.
 */
final class DocumentFont {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentFont.class);

    /** The Latin face for development, in PDFBox's jar: always there, and embeddable. */
    private static final String LATIN = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    private final TrueTypeFont face;
    private final CmapLookup cmap;
    private final Path source;

    private DocumentFont(TrueTypeFont face, Path source) throws IOException {
        this.face = face;
        this.cmap = face.getUnicodeCmapLookup();
        this.source = source;
    }

    /**
     * The first usable font of {@code candidates}; the Latin fallback only when {@code latinOnly}.
     *
     * @throws DocumentFontMissing when none is usable and Latin-only PDFs are not allowed
     */
    static DocumentFont load(List<Path> candidates, boolean latinOnly) {
        for (Path candidate : candidates) {
            if (!Files.isReadable(candidate)) {
                continue;
            }
            try {
                TrueTypeFont font = read(candidate);
                if (font != null) {
                    LOG.info("invoice PDFs use the CJK font {}", candidate);
                    return new DocumentFont(font, candidate);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("font {} is not usable for invoice PDFs: {}", candidate, e.getMessage());
            }
        }
        if (!latinOnly) {
            throw new DocumentFontMissing(candidates);
        }
        LOG.warn(
                "no CJK font found in {} and fapiao.issuer.document.latin-only is set: invoice PDFs print Latin "
                        + "labels and show non-ASCII text as '?'; never run so in production",
                candidates);
        try (InputStream latin = DocumentFont.class.getResourceAsStream(LATIN)) {
            if (latin == null) {
                throw new DocumentFontMissing(candidates);
            }
            return new DocumentFont(new TTFParser().parse(new RandomAccessReadBuffer(latin)), null);
        } catch (IOException e) {
            throw new DocumentFontMissing(candidates);
        }
    }

    private static TrueTypeFont read(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
            // The collection stays open: its fonts read glyph data from it when documents embed subsets.
            TrueTypeCollection collection = new TrueTypeCollection(file.toFile());
            TrueTypeFont[] first = new TrueTypeFont[1];
            collection.processAllFonts(font -> {
                if (first[0] == null) {
                    first[0] = font;
                }
            });
            return first[0];
        }
        return new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()));
    }

    /** Whether Chinese text can be printed. */
    boolean cjk() {
        return source != null;
    }

    /** The font file, when a CJK font is used. */
    Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /** The regular face for one document, embedded as a subset. */
    PDFont regular(PDDocument document) throws IOException {
        return PDType0Font.load(document, face, true);
    }

    /** The face for headings: the regular one (both fonts have one weight). */
    PDFont bold(PDDocument document, PDFont regular) {
        return regular;
    }

    /** {@code text} with every character the font cannot show replaced by {@code ?}. */
    String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            boolean shown = cp >= 0x20 && cp <= 0x7e || cjk() && !Character.isISOControl(cp) && cmap.getGlyphId(cp) > 0;
            out.appendCodePoint(shown ? cp : '?');
        });
        return out.toString();
    }

    /**
     * The CJK font cut down to the characters of {@code text}, as a TrueType file to embed in one
     * document (the OFD embeds fonts as files; the whole collection is megabytes). The same text gives
     * the same bytes.
     *
     * @throws IOException when there is no CJK font, or it cannot be cut
     */
    byte[] subset(String text) throws IOException {
        if (!cjk()) {
            throw new IOException("no CJK font is loaded; an OFD cannot be rendered with the Latin fallback");
        }
        TTFSubsetter subsetter = new TTFSubsetter(face);
        text.codePoints().forEach(subsetter::add);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        subsetter.writeToStream(out);
        return out.toByteArray();
    }

    /**
     * The advance widths of the printable ASCII characters (space to tilde) in ems, from the font's
     * metrics; every other character the OFD prints is a full-width (one em) CJK glyph. The OFD's
     * text positions are computed from these numbers alone, not from AWT, whose font registry is
     * shared by the whole JVM.
     *
     * @throws IOException when there is no CJK font
     */
    double[] asciiWidths() throws IOException {
        if (!cjk()) {
            throw new IOException("no CJK font is loaded");
        }
        double em = face.getUnitsPerEm();
        double[] widths = new double[0x7f - 0x20];
        for (int c = 0x20; c < 0x7f; c++) {
            widths[c - 0x20] = face.getAdvanceWidth(cmap.getGlyphId(c)) / em;
        }
        return widths;
    }

    /** The advance width of {@code codePoint} in ems (0 when the font lacks it). Not thread-safe, as the rest. */
    double width(int codePoint) throws IOException {
        int glyph = !cjk() ? 0 : cmap.getGlyphId(codePoint);
        return glyph == 0 ? 0 : face.getAdvanceWidth(glyph) / (double) face.getUnitsPerEm();
    }

    /** A label: Chinese and English with a CJK font, English alone without. */
    String label(String chinese, String english) {
        return cjk() ? chinese + " " + english : english;
    }
}
