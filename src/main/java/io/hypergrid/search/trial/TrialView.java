package io.hypergrid.search.trial;

import io.hypergrid.search.parameter.TrialParameters;
import java.time.Instant;
import java.util.List;

/**
 * One trial as the API shows it.
 *
 * @param failureReason why it failed; null unless FAILED
 * @param stopReason why it ended before its last epoch without failing: cancelled (with its search's reason) or
 *                   pruned (with the early-stopping rule's judgement); null otherwise
 * @param testClassAccuracy per class, in class order; null until the trial succeeded
 * @param confusion [true][predicted] counts on the test set; only in the single-trial view
 * @param configIndex the configuration it trains (repeats of one configuration share it)
 * @param repeatIndex which repeat of its configuration (0 without repeats)
 * @param checkpointEpoch the successive-halving rung it last passed, where its weights were kept: a claim resumes it
 *                        from there; null if it never passed one
 * @param paused PENDING at that rung, waiting to be promoted (see the README's Early stopping)
 */
public record TrialView(Long id, Long searchId, int gridIndex, TrialParameters parameters, TrialState state,
                        int attempt, int epochsDone, Instant startedAt, Instant finishedAt, String failureReason,
                        String stopReason, Results results, List<Double> testClassAccuracy,
                        List<List<Integer>> confusion, Double trainingSeconds, int configIndex, int repeatIndex,
                        Integer checkpointEpoch, boolean paused) {

    /**
     * Final metrics of a succeeded trial; of a pruned one, those of the epoch it stopped at, without the test set's
     * (null: a pruned trial is never evaluated on it).
     */
    public record Results(Double trainAccuracy, Double trainLoss, Double trainCost, Double validationAccuracy,
                          Double validationLoss, Double validationCost, Double testAccuracy, Double testLoss,
                          Double testCost) {

        /** Null until there is a validation result (a succeeded trial, or a pruned one at its last epoch). */
        static Results of(Metrics train, Metrics validation, Metrics test) {
            if (train == null || validation == null || validation.accuracy() == null) {
                return null;
            }
            Metrics t = test == null ? new Metrics(null, null, null) : test;
            return new Results(train.accuracy(), train.loss(), train.cost(), validation.accuracy(), validation.loss(),
                    validation.cost(), t.accuracy(), t.loss(), t.cost());
        }
    }
}
