package io.hypergrid.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class WeightsImageTest {
    private static final int K = 10;
    private static final int D = 3072;
    private static final int PLANE = 1024;

    /** Pixel (row, col) of class k's template, at scale s: the top-left of its s x s block. */
    private static int rgb(BufferedImage image, int k, int row, int col, int s) {
        return image.getRGB(k * (32 * s + WeightsImage.GAP) + col * s, row * s) & 0xFFFFFF;
    }

    @Test
    void tenTemplatesSideBySideScaledWithGaps() throws Exception {
        byte[] png = WeightsImage.png(WeightsImage.render(new float[K * D], K, D, 4));

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));

        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(image.getWidth()).isEqualTo(10 * 128 + 9 * WeightsImage.GAP);
        assertThat(image.getHeight()).isEqualTo(128);
        assertThat(image.getRGB(128, 0) & 0xFFFFFF).as("the gap").isEqualTo(0xFFFFFF);
        assertThat(rgb(image, 3, 5, 5, 4)).as("a constant template is mid-grey").isEqualTo(0x808080);
    }

    @Test
    void eachTemplateReadsCifarsLayoutAndIsNormalisedOnItsOwn() throws Exception {
        float[] w = new float[K * D];
        // class 0: red plane high, green and blue low -> pure red everywhere
        for (int p = 0; p < PLANE; p++) {
            w[p] = 1;
        }
        // class 2: one green weight at (row 2, col 3) is its maximum, one red weight at (0, 0) its minimum
        int c2 = 2 * D;
        w[c2 + PLANE + 2 * 32 + 3] = 5;
        w[c2] = -5;
        // class 9: a larger scale must not matter, only the template's own range: blue at (31, 31) is its maximum
        w[9 * D + 2 * PLANE + 31 * 32 + 31] = 1000;

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(WeightsImage.png(WeightsImage.render(w, K, D, 2))));

        assertThat(rgb(image, 0, 0, 0, 2)).isEqualTo(0xFF0000);
        assertThat(rgb(image, 0, 31, 31, 2)).isEqualTo(0xFF0000);
        assertThat(rgb(image, 2, 2, 3, 2)).isEqualTo(0x80FF80);   // red and blue at 0 sit mid-range
        assertThat(rgb(image, 2, 0, 0, 2)).isEqualTo(0x008080);
        assertThat(rgb(image, 2, 2, 4, 2)).isEqualTo(0x808080);
        assertThat(rgb(image, 9, 31, 31, 2)).isEqualTo(0x0000FF);
        assertThat(rgb(image, 9, 0, 0, 2)).isEqualTo(0x000000);
        // the block of one weight is scale x scale pixels
        int x = 2 * (64 + WeightsImage.GAP) + 3 * 2;
        assertThat(image.getRGB(x + 1, 2 * 2 + 1) & 0xFFFFFF).isEqualTo(0x80FF80);
        assertThat(image.getRGB(x + 2, 2 * 2) & 0xFFFFFF).isEqualTo(0x808080);
    }

    @Test
    void rowsThatAreNotThreeSquareChannelsAreRefused() {
        assertThatThrownBy(() -> WeightsImage.render(new float[10 * 100], 10, 100, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100 features");
    }
}
