package io.fapiao.issuer.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.issuer.document.SampleInvoices.Kind;
import io.fapiao.protocol.crypto.CryptoSuite;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The first page of the signed invoice PDF, drawn by PDFBox at 72 dpi, looks like the committed
 * reference image in {@code src/test/resources/golden/}: at most {@value #TOLERANCE} of its pixels
 * may differ noticeably (anti-aliasing of another JDK or font build), so a moved field, a lost line
 * or a changed label fails. The documents are fixed (fixed inputs, the test vectors' issuer key), so
 * the QR code and the hash printed are the same in every run.
 *
 * <p>After an intended change of the layout, write the references again and look at them before
 * committing:
 *
 * <pre>{@code
 * ./mvnw -o -q -B test -pl issuer-api -am -Dtest=InvoicePdfGoldenTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfapiao.golden.update=true
 * }</pre>
 */
class InvoicePdfGoldenTest {
    /** The largest fraction of pixels allowed to differ. */
    static final double TOLERANCE = 0.005;
    /** How far a channel may move (of 255) before a pixel counts as different. */
    private static final int CHANNEL_DELTA = 48;

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("fapiao.golden.update");

    @ParameterizedTest
    @EnumSource(
            value = Kind.class,
            names = {"MEDICAL", "VAT"})
    void thePageLooksAsTheReference(Kind kind) throws Exception {
        SignedInvoiceDocument document = SampleInvoices.document(kind, CryptoSuite.INTL);
        byte[] pdf = SampleInvoices.renderer().render(document, SampleInvoices.signer(CryptoSuite.INTL));
        BufferedImage page;
        try (PDDocument read = Loader.loadPDF(pdf)) {
            page = new PDFRenderer(read).renderImageWithDPI(0, 72, ImageType.RGB);
        }
        Path reference = GOLDEN.resolve("invoice-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-page1.png");
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            ImageIO.write(page, "png", reference.toFile());
        }
        assertThat(reference)
                .withFailMessage("no reference image %s; write it with -Dfapiao.golden.update=true", reference)
                .exists();
        BufferedImage expected = ImageIO.read(reference.toFile());

        assertThat(page.getWidth()).isEqualTo(expected.getWidth());
        assertThat(page.getHeight()).isEqualTo(expected.getHeight());
        double differing = differingFraction(page, expected);
        assertThat(differing)
                .withFailMessage(
                        "%.4f of the pixels differ from %s (tolerance %.4f); if the change is intended, write the "
                                + "references again with -Dfapiao.golden.update=true and look at them",
                        differing, reference, TOLERANCE)
                .isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void theToleranceSeesAChangedPage() throws Exception {
        // Two invoices share the layout and the labels; the comparison still has to tell them apart.
        BufferedImage medical =
                ImageIO.read(GOLDEN.resolve("invoice-medical-page1.png").toFile());
        BufferedImage vat = ImageIO.read(GOLDEN.resolve("invoice-vat-page1.png").toFile());
        assertThat(differingFraction(vat, medical)).isGreaterThan(TOLERANCE);
        assertThat(differingFraction(medical, medical)).isZero();
    }

    /** The fraction of pixels of which some channel differs by more than {@link #CHANNEL_DELTA}. */
    static double differingFraction(BufferedImage actual, BufferedImage expected) {
        long differing = 0;
        for (int y = 0; y < actual.getHeight(); y++) {
            for (int x = 0; x < actual.getWidth(); x++) {
                int a = actual.getRGB(x, y);
                int e = expected.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    if (Math.abs((a >> shift & 0xff) - (e >> shift & 0xff)) > CHANNEL_DELTA) {
                        differing++;
                        break;
                    }
                }
            }
        }
        return (double) differing / ((long) actual.getWidth() * actual.getHeight());
    }
}
