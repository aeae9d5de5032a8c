package io.hypergrid.search.strategy;

import io.hypergrid.search.parameter.TrialParameters;

/**
 * A trial of the search so far, as a strategy that learns sees it.
 *
 * @param state PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED or PRUNED; or PAUSED: pending, stopped at a rung of
 *              successive halving with a checkpoint, to go on later (or to be pruned there when it is judged again)
 * @param epochsDone epochs trained (a pruned or paused trial's last epoch)
 * @param validationAccuracy its final validation accuracy (a pruned or paused one's at the epoch it stopped at); null
 *                           before
 */
public record PastTrial(int configIndex, TrialParameters parameters, String state, int epochsDone,
                        Double validationAccuracy) {
}
