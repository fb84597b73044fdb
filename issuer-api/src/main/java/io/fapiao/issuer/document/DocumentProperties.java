package io.fapiao.issuer.document;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How invoice PDFs are rendered. Chinese text needs a CJK TrueType font (glyf outlines; PDFBox cannot
 * embed the CFF-outline Noto CJK fonts): the first readable file of {@code fonts} is used, embedded as
 * a subset. Debian's {@code fonts-wqy-microhei} package provides the default. With none of them
 * readable the issuer does not start: a legal invoice that prints a patient's name as {@code ???} is
 * worse than no invoice. Only {@code latin-only=true} (development) lets PDFs use Liberation Sans (in
 * PDFBox's jar, embedded like any font, so the PDF stays PDF/A), Latin labels only, with characters
 * outside printable ASCII as {@code ?}; the attached signed JSON always holds the exact text.
 *
 * <pre>{@code
 * fapiao.issuer.document.fonts=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
 * fapiao.issuer.document.latin-only=false
 * }</pre>
 *
 * @param fonts TrueType (.ttf) or TrueType collection (.ttc) files to try, in order
 * @param latinOnly whether PDFs may be rendered without a CJK font (development only)
 */
@ConfigurationProperties("fapiao.issuer.document")
public record DocumentProperties(List<Path> fonts, boolean latinOnly) {
    /** Debian's fonts-wqy-microhei and fonts-wqy-zenhei. */
    public static final List<Path> DEFAULT_FONTS = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"));

    public DocumentProperties {
        // A @DefaultValue list here makes Boot 4.1 bind the whole record to null when nothing is set.
        fonts = fonts == null || fonts.isEmpty() ? DEFAULT_FONTS : List.copyOf(fonts);
    }
}
