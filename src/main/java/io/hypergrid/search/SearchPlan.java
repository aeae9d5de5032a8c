package io.hypergrid.search;

import java.util.List;

/**
 * What a valid submission expands to: the trials to store (every point of the grid, or every sampled point, each
 * once per repeat) and how the search is run.
 */
record SearchPlan(List<Point> points, String strategy, Long sampleSeed, int repeats, EarlyStopping earlyStopping) {

    /** One trial: its parameters, the configuration it belongs to (repeats share it) and its repeat index. */
    record Point(TrialParameters parameters, int configIndex, int repeat) {
    }
}
