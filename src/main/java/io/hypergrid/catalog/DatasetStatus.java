package io.hypergrid.catalog;

import java.util.Map;

/**
 * A data set as {@code GET /api/datasets} shows it.
 *
 * @param state READY, CHECKING (verifying files in place), FETCHING, MISSING (not fetched: fetch-on-start is off) or
 *              UNAVAILABLE (every source failed; {@code message} says why and how to provide the files)
 * @param progress 0 to 1 while fetching, else null
 * @param trainingImages per split, the training set size (the largest batch size allowed)
 */
public record DatasetStatus(String name, String state, boolean ready, String message, Double progress,
                            Map<String, Integer> trainingImages) {
}
