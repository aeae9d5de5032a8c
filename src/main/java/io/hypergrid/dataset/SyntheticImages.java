package io.hypergrid.dataset;

import java.util.Random;

/**
 * A small built-in data set in CIFAR-10's shape (3,072 byte features, 10 classes) that needs no download: each
 * image is a class template plus independent pixel noise, so a linear classifier learns it well but not perfectly.
 * Fully determined by its seed, for demos and tests.
 */
public final class SyntheticImages {
    /** The data set's name in the API. */
    public static final String DATASET = "synthetic";

    /** Template contrast against noise: low enough that accuracy climbs over several epochs, not at once. */
    private static final double TEMPLATE_SD = 8.0;
    private static final double NOISE_SD = 60.0;

    private SyntheticImages() {
    }

    public static SplitImages generate(long seed, int train, int validation, int test) {
        Random random = new Random(seed);
        int d = Cifar10Layout.DIMENSIONS;
        double[][] templates = new double[Cifar10Layout.CLASSES][d];
        for (double[] template : templates) {
            for (int j = 0; j < d; j++) {
                template[j] = 128 + TEMPLATE_SD * random.nextGaussian();
            }
        }
        return new SplitImages(images(random, templates, train), images(random, templates, validation),
                images(random, templates, test));
    }

    private static LabelledImages images(Random random, double[][] templates, int n) {
        int d = templates[0].length;
        byte[] pixels = new byte[n * d];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = i % templates.length; // balanced classes, interleaved so any prefix is balanced too
            labels[i] = (byte) label;
            for (int j = 0; j < d; j++) {
                long v = Math.round(templates[label][j] + NOISE_SD * random.nextGaussian());
                pixels[i * d + j] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return new LabelledImages(pixels, labels, d);
    }
}
