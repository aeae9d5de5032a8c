package io.hypergrid.search;

/**
 * A ranked trial: its parameters and the accuracies it reached (test reported beside validation).
 *
 * @param testAccuracy null for a pruned trial (stopped early, never evaluated on the test set)
 * @param state SUCCEEDED, or PRUNED (ranked after every succeeded trial, by the epoch it stopped at)
 * @param configIndex the configuration it trains (repeats of one configuration share it)
 * @param repeatIndex which repeat of its configuration
 */
public record TopTrial(int rank, Long trialId, Long searchId, int gridIndex, TrialParameters parameters,
                       Double validationAccuracy, Double validationLoss, Double testAccuracy, Double trainAccuracy,
                       TrialState state, int configIndex, int repeatIndex) {
}
