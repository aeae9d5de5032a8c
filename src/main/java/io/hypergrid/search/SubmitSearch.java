package io.hypergrid.search;

import java.util.Map;

/**
 * A submission as received: grid dimensions map to a list of values or a range object, fixed dimensions to one
 * value; values are plain JSON-shaped Java objects (Number, String, Boolean, List, Map), validated here.
 */
public record SubmitSearch(String name, String dataset, Map<String, Object> grid, Map<String, Object> fixed,
                           Integer maxParallelTrials, Integer maxFailedTrials, String spec) {
}
