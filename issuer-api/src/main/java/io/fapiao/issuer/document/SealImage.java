package io.fapiao.issuer.document;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * The picture of the issuer's round seal, as a red ink seal looks: a ring, the issuer's name along
 * the upper arc, a five-pointed star in the middle. Drawn with Java2D into a transparent PNG; the
 * same name and font give the same bytes (no clock, no randomness; ImageIO's PNG writer adds no
 * time chunk), so the seal inside a re-rendered OFD is the same seal.
 *
 * <pre>{@code
 * byte[] png = new SealImage(awtFont).png("某某市第一人民医院");
 * }</pre>
 */
final class SealImage {
    /** Pixels across; the OFD places it as a 40 mm seal, about 250 dpi. */
    static final int SIZE = 400;

    private static final Color INK = new Color(0xE6, 0x00, 0x12);

    private final Font font;

    /** {@code font}: a face with the name's characters (the CJK font the documents use). */
    SealImage(Font font) {
        this.font = font;
    }

    /** The seal of {@code name} as PNG bytes. */
    byte[] png(String name) throws IOException {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(INK);
            double centre = SIZE / 2.0;
            g.setStroke(new BasicStroke(14f));
            g.draw(new java.awt.geom.Ellipse2D.Double(10, 10, SIZE - 20, SIZE - 20));
            g.fill(star(centre, centre, 62, 24));
            arc(g, name, centre);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The name's characters upright along the ring, centred on the top, reading clockwise. */
    private void arc(Graphics2D g, String name, double centre) {
        int[] characters = name.codePoints().toArray();
        if (characters.length == 0) {
            return;
        }
        // Up to ~240 degrees of the ring; short names are spaced as a real seal spaces them.
        double step = Math.min(Math.toRadians(26), Math.toRadians(240) / characters.length);
        float size = (float) Math.min(58, 2 * Math.PI * 140 * step / (2 * Math.PI) * 0.95);
        Font face = font.deriveFont(Font.PLAIN, size);
        FontRenderContext context = g.getFontRenderContext();
        double radius = SIZE / 2.0 - 30 - size * 0.8;
        double first = -Math.PI / 2 - step * (characters.length - 1) / 2;
        for (int i = 0; i < characters.length; i++) {
            double angle = first + step * i;
            GlyphVector glyph = face.createGlyphVector(context, new String(characters, i, 1));
            double width = glyph.getLogicalBounds().getWidth();
            AffineTransform at = new AffineTransform();
            at.translate(centre + radius * Math.cos(angle), centre + radius * Math.sin(angle));
            at.rotate(angle + Math.PI / 2);
            at.translate(-width / 2, 0);
            g.fill(at.createTransformedShape(glyph.getOutline()));
        }
    }

    private static Path2D star(double x, double y, double outer, double inner) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double r = i % 2 == 0 ? outer : inner;
            double angle = -Math.PI / 2 + i * Math.PI / 5;
            double px = x + r * Math.cos(angle);
            double py = y + r * Math.sin(angle);
            if (i == 0) {
                path.moveTo(px, py);
            } else {
                path.lineTo(px, py);
            }
        }
        path.closePath();
        return path;
    }
}
