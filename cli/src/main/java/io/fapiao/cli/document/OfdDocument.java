package io.fapiao.cli.document;

import java.util.List;
import java.util.Optional;

/** Reads an invoice OFD: its e-seal and the signed record attached to it. */
public final class OfdDocument {
    private OfdDocument() {}

    public static ReadDocument read(byte[] bytes) {
        return new ReadDocument(
                DocumentForm.OFD,
                List.of(PdfDocument.fail("ofd.seal", "reading OFD documents is not built yet")),
                Optional.empty(),
                Optional.empty());
    }
}
