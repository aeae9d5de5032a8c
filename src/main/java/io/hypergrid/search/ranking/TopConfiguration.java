package io.hypergrid.search.ranking;

import io.hypergrid.search.parameter.TrialParameters;

import java.util.List;

/**
 * A configuration (a point of the search's space) ranked by the mean over its repeats, each repeat trained with its
 * own seed. Only succeeded repeats count.
 *
 * @param parameters those of its first repeat (seed: the configuration's seed; repeat r trains with seed + r)
 * @param repeats R, the succeeded repeats averaged
 * @param validationAccuracy mean and sample standard deviation (null when R = 1) of the validation accuracy
 * @param testAccuracy the same of the test accuracy
 * @param trialIds its succeeded trials
 */
public record TopConfiguration(int rank, int configIndex, TrialParameters parameters, long repeats,
                               Spread validationAccuracy, Spread testAccuracy, List<Long> trialIds) {

    /** Mean and sample standard deviation (n - 1); sd is null for a single value. */
    public record Spread(double mean, Double sd) {
    }
}
