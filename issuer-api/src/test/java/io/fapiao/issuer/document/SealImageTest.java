package io.fapiao.issuer.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The seal picture: the same name gives the same PNG, and it looks like a round red seal. */
class SealImageTest {
    private static final int RED = 0xE6;

    @Test
    void theSameNameDrawsTheSameRoundRedSeal() throws Exception {
        SealImage seal = new SealImage(Font.createFonts(new File("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"))[0]);
        byte[] png = seal.png("某某市第一人民医院");
        assertThat(seal.png("某某市第一人民医院")).isEqualTo(png);
        assertThat(seal.png("某某市第二人民医院")).isNotEqualTo(png);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int size = SealImage.SIZE;
        assertThat(image.getWidth()).isEqualTo(size);
        assertThat(alpha(image.getRGB(2, 2))).as("a corner, outside the ring").isZero();
        assertThat(red(image.getRGB(size / 2, size / 2)))
                .as("the star's centre")
                .isTrue();
        assertThat(red(image.getRGB(10, size / 2))).as("the ring, left").isTrue();
        assertThat(red(image.getRGB(size - 10, size / 2))).as("the ring, right").isTrue();
        assertThat(alpha(image.getRGB(size / 2, size - 60)))
                .as("below the star: no name there")
                .isZero();
        // The name runs along the upper arc: some ink between the ring and the star at the top.
        boolean inked = false;
        for (int y = 30; y < size / 2 - 70 && !inked; y++) {
            inked = red(image.getRGB(size / 2, y));
        }
        assertThat(inked).as("characters along the upper arc").isTrue();
    }

    private static int alpha(int argb) {
        return argb >>> 24;
    }

    private static boolean red(int argb) {
        return alpha(argb) > 200 && (argb >> 16 & 0xff) == RED && (argb >> 8 & 0xff) < 40;
    }
}
