package io.hypergrid.training;

import io.hypergrid.dataset.Examples;
import io.hypergrid.dataset.Dtype;
import io.hypergrid.dataset.PreparedData;
import java.util.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Small random data sets of any shape, already "normalised", for trainer tests. */
final class TinyData {
    final double[][] train;
    final int[] trainLabels;
    final double[][] validation;
    final int[] validationLabels;
    final int classes;

    TinyData(long seed, int n, int d, int classes) {
        Random random = new Random(seed);
        this.classes = classes;
        this.train = matrix(random, n, d);
        this.trainLabels = labels(random, n, classes);
        this.validation = matrix(random, n / 2 + 1, d);
        this.validationLabels = labels(random, n / 2 + 1, classes);
    }

    /**
     * Softmax trials of batch size 8 and seed 7, one per (lambda, eta) pair, every other one with a step decay (eta / 3
     * every 2 epochs): per-trial scalars that differ, for stacking and resuming tests.
     */
    static java.util.List<TrainingConfig> configs(double[][] lambdaEta, int epochs, Dtype dtype, boolean shuffle) {
        java.util.List<TrainingConfig> configs = new java.util.ArrayList<>();
        int i = 0;
        for (double[] p : lambdaEta) {
            int decayEvery = i++ % 2 == 0 ? 0 : 2;
            configs.add(new TrainingConfig(p[0], p[1], 8, epochs, Loss.SOFTMAX, decayEvery, 3, shuffle, 7, dtype));
        }
        return configs;
    }

    PreparedData prepared(Dtype dtype) {
        Examples tr = examples(train, trainLabels, dtype);
        Examples va = examples(validation, validationLabels, dtype);
        return new PreparedData("tiny", "batch1", dtype, tr, va, va, classes);
    }

    private static Examples examples(double[][] x, int[] labels, Dtype dtype) {
        return new Examples(Nd4j.create(x).castTo(dtype.dataType()).dup('c'), labels.clone());
    }

    private static double[][] matrix(Random random, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return x;
    }

    private static int[] labels(Random random, int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(classes);
        }
        return y;
    }

    static InitialWeights randomWeights(long seed, int classes, int d, double sd) {
        Random random = new Random(seed);
        double[] v = new double[classes * d + classes];
        for (int i = 0; i < v.length; i++) {
            v[i] = sd * random.nextGaussian();
        }
        return new InitialWeights(classes, d, v);
    }
}
