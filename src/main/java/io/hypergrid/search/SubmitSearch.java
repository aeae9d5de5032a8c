package io.hypergrid.search;

import java.util.Map;

/**
 * A submission as received: grid dimensions map to a list of values or a range object, fixed dimensions to one
 * value, the strategy to a plain object; values are plain JSON-shaped Java objects (Number, String, Boolean, List,
 * Map), validated here.
 *
 * @param strategy {@code {"type": "grid"|"random", "trials", "seed", "earlyStopping": {...}}}; null: the grid
 * @param repeats seeds per configuration; null: 1
 * @param targetValidationAccuracy the search stops when a trial reaches it; null: no target
 * @param maxWallSeconds the search stops when it has run this long; null: no budget
 */
public record SubmitSearch(String name, String dataset, Map<String, Object> grid, Map<String, Object> fixed,
                           Integer maxParallelTrials, Integer maxFailedTrials, String spec,
                           Map<String, Object> strategy, Integer repeats, Double targetValidationAccuracy,
                           Double maxWallSeconds) {

    /** A grid search with no repeats and no stop conditions. */
    public SubmitSearch(String name, String dataset, Map<String, Object> grid, Map<String, Object> fixed,
                        Integer maxParallelTrials, Integer maxFailedTrials, String spec) {
        this(name, dataset, grid, fixed, maxParallelTrials, maxFailedTrials, spec, null, null, null, null);
    }
}
