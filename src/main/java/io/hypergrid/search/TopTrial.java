package io.hypergrid.search;

/** A ranked configuration: its parameters and the accuracies it reached (test reported beside validation). */
public record TopTrial(int rank, Long trialId, Long searchId, int gridIndex, TrialParameters parameters,
                       double validationAccuracy, double validationLoss, double testAccuracy, double trainAccuracy) {
}
