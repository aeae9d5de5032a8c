package io.hypergrid.search.strategy;

import io.hypergrid.search.parameter.TrialParameters;

/**
 * A trial of the search so far, as a strategy that learns sees it.
 *
 * @param state PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED or PRUNED
 * @param epochsDone epochs trained (a pruned trial's last epoch)
 * @param validationAccuracy its final validation accuracy (a pruned one's at the epoch it stopped at); null before
 */
public record PastTrial(int configIndex, TrialParameters parameters, String state, int epochsDone,
                        Double validationAccuracy) {
}
