package io.hypergrid.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The learned weights as pictures: each class's row of W, read in CIFAR-10's layout (1,024 red, 1,024 green, 1,024
 * blue values, each a 32 x 32 image row by row), min-max normalised over its three channels and scaled up without
 * smoothing. The templates stand side by side in class order, {@link #GAP} pixels apart, on a white background.
 */
public final class WeightsImage {
    public static final int GAP = 4;

    private WeightsImage() {
    }

    /** @throws IllegalArgumentException when a row is not three square channels */
    public static BufferedImage render(float[] w, int classes, int features, int scale) {
        int side = (int) Math.round(Math.sqrt(features / 3.0));
        if (3 * side * side != features) {
            throw new IllegalArgumentException(features + " features are not three square channels");
        }
        int tile = side * scale;
        BufferedImage image = new BufferedImage(classes * tile + (classes - 1) * GAP, tile, BufferedImage.TYPE_INT_RGB);
        java.util.Arrays.fill(((java.awt.image.DataBufferInt) image.getRaster().getDataBuffer()).getData(), 0xFFFFFF);
        int plane = side * side;
        for (int k = 0; k < classes; k++) {
            int row = k * features;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < features; j++) {
                min = Math.min(min, w[row + j]);
                max = Math.max(max, w[row + j]);
            }
            // a constant template (all zero, say) is shown mid-grey rather than divided by zero
            float range = max > min ? max - min : 0;
            int left = k * (tile + GAP);
            for (int p = 0; p < plane; p++) {
                int r = level(w[row + p], min, range);
                int g = level(w[row + plane + p], min, range);
                int b = level(w[row + 2 * plane + p], min, range);
                int rgb = (r << 16) | (g << 8) | b;
                int x0 = left + (p % side) * scale;
                int y0 = (p / side) * scale;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        image.setRGB(x0 + dx, y0 + dy, rgb);
                    }
                }
            }
        }
        return image;
    }

    private static int level(float v, float min, float range) {
        return range == 0 ? 128 : Math.round((v - min) / range * 255f);
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
