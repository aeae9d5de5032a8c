package io.hypergrid.dataset.fetch;

import io.hypergrid.dataset.Cifar10Layout;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PngBatchConverterTest {
    @Test
    void convertsAnyNumberOfRowsUsingTheLabelsFromTheOffset() throws Exception {
        int images = 7;
        Random random = new Random(7);
        byte[] bin = new byte[images * Cifar10Layout.RECORD_BYTES];
        random.nextBytes(bin);
        int[] labels = new int[images + 5];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(Cifar10Layout.CLASSES);
        }
        for (int r = 0; r < images; r++) {
            bin[r * Cifar10Layout.RECORD_BYTES] = (byte) labels[2 + r];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int written = PngBatchConverter.convert(new ByteArrayInputStream(TinyCifar.png(bin)), "x.png", labels, 2, out);

        assertThat(written).isEqualTo(images);
        assertThat(out.toByteArray()).isEqualTo(bin);
    }

    @Test
    void pixelIOfARowIsPixelIOfEachPlane() throws Exception {
        BufferedImage image = new BufferedImage(Cifar10Layout.PIXELS, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(5, 0, 0x112233);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        PngBatchConverter.convert(new ByteArrayInputStream(png.toByteArray()), "one.png", new int[] {9}, 0, out);

        byte[] record = out.toByteArray();
        assertThat(record).hasSize(Cifar10Layout.RECORD_BYTES);
        assertThat(record[0]).isEqualTo((byte) 9);
        assertThat(record[1 + 5]).isEqualTo((byte) 0x11);
        assertThat(record[1 + Cifar10Layout.PIXELS + 5]).isEqualTo((byte) 0x22);
        assertThat(record[1 + 2 * Cifar10Layout.PIXELS + 5]).isEqualTo((byte) 0x33);
        assertThat(record[1 + 4]).isZero();
    }

    @Test
    void rejectsAnImageOfTheWrongWidth() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR), "png", png);

        assertThatThrownBy(() -> PngBatchConverter.convert(new ByteArrayInputStream(png.toByteArray()), "w.png",
                new int[32], 0, new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class).hasMessageContaining("w.png is 32 pixels wide");
    }

    @Test
    void rejectsTooFewLabels() throws Exception {
        byte[] bin = new byte[4 * Cifar10Layout.RECORD_BYTES];

        assertThatThrownBy(() -> PngBatchConverter.convert(new ByteArrayInputStream(TinyCifar.png(bin)), "l.png",
                new int[5], 2, new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class).hasMessageContaining("l.png has 4 images but only 3 labels");
    }

    @Test
    void rejectsWhatIsNoPng() {
        assertThatThrownBy(() -> PngBatchConverter.convert(new ByteArrayInputStream(new byte[100]), "z.png",
                new int[1], 0, new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class).hasMessageStartingWith("z.png is not a readable PNG");
    }
}
