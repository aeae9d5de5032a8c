package io.hypergrid.training;

import java.util.List;

/**
 * What a finished training produced.
 *
 * @param train           final metrics on the training set
 * @param validation      final metrics on the validation set
 * @param test            final metrics on the test set
 * @param testClassAccuracy per class c, the share of test images of class c predicted as c
 * @param confusion       confusion[true][predicted] counts on the test set
 * @param epochs          the curves, epoch 0 (before training) to the last
 * @param weights         the final W (K x d, row-major) followed by b (K), as doubles
 * @param trainingSeconds descent plus evaluation, excluding data loading
 * @param descentSeconds  the mini-batch descent alone (the rest of trainingSeconds is evaluation)
 */
public record TrainingResult(SetMetrics train, SetMetrics validation, SetMetrics test, double[] testClassAccuracy,
                             int[][] confusion, List<EpochMetrics> epochs, double[] weights, double trainingSeconds,
                             double descentSeconds) {
}
