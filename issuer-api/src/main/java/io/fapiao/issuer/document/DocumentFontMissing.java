package io.fapiao.issuer.document;

import java.nio.file.Path;
import java.util.List;

/**
 * No configured font can print Chinese, and Latin-only invoices were not allowed: the issuer does not
 * start (the message says what to install or set).
 */
public final class DocumentFontMissing extends IllegalStateException {
    public DocumentFontMissing(List<Path> candidates) {
        super("DOCUMENT_FONT_MISSING: none of " + candidates + " is a readable CJK TrueType font, so invoice PDFs "
                + "would print Chinese names as '?'. Install Debian's fonts-wqy-microhei (or another TrueType CJK "
                + "font and name it in fapiao.issuer.document.fonts); fapiao.issuer.document.latin-only=true "
                + "accepts Latin-only PDFs, for development only");
    }
}
