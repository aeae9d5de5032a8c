package io.hypergrid.search;

import java.time.Instant;
import java.util.List;

/**
 * One trial as the API shows it.
 *
 * @param testClassAccuracy per class, in class order; null until the trial succeeded
 * @param confusion [true][predicted] counts on the test set; only in the single-trial view
 * @param configIndex the configuration it trains (repeats of one configuration share it)
 * @param repeatIndex which repeat of its configuration (0 without repeats)
 */
public record TrialView(Long id, Long searchId, int gridIndex, TrialParameters parameters, TrialState state,
                        int attempt, int epochsDone, Instant startedAt, Instant finishedAt, String failureReason,
                        Metrics results, List<Double> testClassAccuracy, List<List<Integer>> confusion,
                        Double trainingSeconds, int configIndex, int repeatIndex) {

    /**
     * Final metrics of a succeeded trial; of a pruned one, those of the epoch it stopped at, without the test set's
     * (null: a pruned trial is never evaluated on it).
     */
    public record Metrics(double trainAccuracy, double trainLoss, double trainCost, double validationAccuracy,
                          double validationLoss, double validationCost, Double testAccuracy, Double testLoss,
                          Double testCost) {
    }
}
