package io.hypergrid.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes images as CIFAR-10 binary batch files, byte for byte in the official layout, for tests. */
public final class OfficialLayoutFiles {
    private OfficialLayoutFiles() {
    }

    public static void write(Path file, LabelledImages images) throws IOException {
        int d = images.dimensions();
        byte[] out = new byte[images.count() * (d + 1)];
        for (int i = 0; i < images.count(); i++) {
            out[i * (d + 1)] = images.labels()[i];
            System.arraycopy(images.pixels(), i * d, out, i * (d + 1) + 1, d);
        }
        Files.write(file, out);
    }

    /** Six files (five training batches and the test batch) of {@code records} random images each. */
    public static void writeDataSet(Path dir, int records, long seed) throws IOException {
        java.util.Random random = new java.util.Random(seed);
        for (int i = 1; i <= 6; i++) {
            String name = i <= 5 ? Cifar10Layout.trainFile(i) : Cifar10Layout.TEST_FILE;
            write(dir.resolve(name), randomImages(random, records));
        }
    }

    public static LabelledImages randomImages(java.util.Random random, int n) {
        byte[] pixels = new byte[n * Cifar10Layout.DIMENSIONS];
        byte[] labels = new byte[n];
        random.nextBytes(pixels);
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) random.nextInt(Cifar10Layout.CLASSES);
        }
        return new LabelledImages(pixels, labels, Cifar10Layout.DIMENSIONS);
    }
}
