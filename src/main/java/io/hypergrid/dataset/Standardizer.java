package io.hypergrid.dataset;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Design §1 preprocessing: pixels / 255, minus the training set's per-feature mean, divided by its per-feature
 * (population) standard deviation; the training statistics are applied to validation and test too.
 *
 * <p>A feature is one byte, so it takes at most 256 values: the statistics come from per-feature histograms and
 * each normalised value from a 256-entry table per feature, computed in double. That is exact (the same double
 * arithmetic, {@code (p / 255 - mean) / std}, as the reference) and needs no d x n double copy of the data, which
 * keeps split {@code all} in float32 under its memory budget.
 */
public final class Standardizer {
    private Standardizer() {
    }

    public static PreparedData prepare(String dataset, String split, SplitImages raw, Dtype dtype, int classes) {
        double[][] table = table(raw.train());
        return new PreparedData(dataset, split, dtype,
                apply(raw.train(), table, dtype),
                apply(raw.validation(), table, dtype),
                apply(raw.test(), table, dtype), classes);
    }

    /** Per feature j and byte value v: ((v / 255) - mean_j) / std_j. */
    static double[][] table(LabelledImages train) {
        int d = train.dimensions();
        int n = train.count();
        long[][] histogram = new long[d][256];
        byte[] pixels = train.pixels();
        for (int i = 0, at = 0; i < n; i++) {
            for (int j = 0; j < d; j++, at++) {
                histogram[j][pixels[at] & 0xff]++;
            }
        }
        double[][] table = new double[d][256];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (int v = 0; v < 256; v++) {
                sum += histogram[j][v] * (v / 255.0);
            }
            double mean = sum / n;
            double squares = 0;
            for (int v = 0; v < 256; v++) {
                double dev = v / 255.0 - mean;
                squares += histogram[j][v] * dev * dev;
            }
            double std = Math.sqrt(squares / n);
            if (std == 0) {
                std = 1; // a constant feature (never in CIFAR-10; possible in synthetic data): leave it centred
            }
            for (int v = 0; v < 256; v++) {
                double x = v / 255.0;
                x -= mean;
                x /= std;
                table[j][v] = x;
            }
        }
        return table;
    }

    static Examples apply(LabelledImages images, double[][] table, Dtype dtype) {
        int n = images.count();
        int d = images.dimensions();
        INDArray features = Nd4j.create(dtype.dataType(), new long[] {n, d}, 'c');
        byte[] pixels = images.pixels();
        if (dtype == Dtype.FLOAT32) {
            FloatBuffer out = features.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int i = 0, at = 0; i < n; i++) {
                for (int j = 0; j < d; j++, at++) {
                    out.put(at, (float) table[j][pixels[at] & 0xff]);
                }
            }
        } else {
            DoubleBuffer out = features.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
            for (int i = 0, at = 0; i < n; i++) {
                for (int j = 0; j < d; j++, at++) {
                    out.put(at, table[j][pixels[at] & 0xff]);
                }
            }
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = images.labels()[i];
        }
        return new Examples(features, labels);
    }
}
