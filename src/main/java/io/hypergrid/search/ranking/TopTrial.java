package io.hypergrid.search.ranking;

import io.hypergrid.search.parameter.TrialParameters;
import io.hypergrid.search.trial.TrialState;
import io.hypergrid.search.trial.TrialView;

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

    static TopTrial of(int rank, TrialView t) {
        return new TopTrial(rank, t.id(), t.searchId(), t.gridIndex(), t.parameters(),
                t.results() == null ? null : t.results().validationAccuracy(),
                t.results() == null ? null : t.results().validationLoss(),
                t.results() == null ? null : t.results().testAccuracy(),
                t.results() == null ? null : t.results().trainAccuracy(), t.state(), t.configIndex(), t.repeatIndex());
    }
}
