package io.hypergrid.search.trial;

import java.util.List;

/**
 * A search's optimisation history: the best validation accuracy so far as a step function of the trials in the order
 * they finished. Only the steps are listed (the trials that raised the best), so it stays small whatever the search's
 * size; {@code finishedTrials} and {@code lastFinishedSeconds} say where the last step's level ends.
 *
 * @param finishedTrials trials that finished so far: succeeded, pruned or failed (each one spent a trial's budget)
 * @param lastFinishedSeconds seconds from the search's submission to the last of them; null when none has
 * @param steps the trials that raised the best so far, in finishing order
 */
public record History(long searchId, int finishedTrials, Double lastFinishedSeconds, List<Step> steps) {

    /**
     * @param trial the trial's number in finishing order, from 1 (pruned and failed trials count)
     * @param seconds seconds from the search's submission to the trial's end
     * @param best its validation accuracy, the best so far from here on
     */
    public record Step(int trial, double seconds, double best, long trialId) {
    }
}
