package io.hypergrid.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * {@code POST /api/searches}: a grid over the trainer's dimensions. Each grid dimension is a list of values or, for
 * numeric ones, a range {@code {"min", "max", "count", "scale": "linear"|"log"}}; fixed dimensions take one value;
 * the rest keep their defaults (lambda 0, eta 0.001, batchSize 100, epochs 40, loss softmax, decayEvery 0,
 * decayFactor 1, shuffle false, seed 0, split batch1, dtype float32).
 */
@Schema(example = """
        {"name": "assignment-1 grid", "dataset": "cifar10",
         "grid": {"lambda": [0, 0.01, 0.1, 1], "eta": {"min": 0.0001, "max": 0.1, "count": 4, "scale": "log"},
                  "batchSize": [10, 50, 100, 1000]},
         "fixed": {"epochs": 40, "loss": "softmax", "split": "batch1", "seed": 0}}""")
public record SearchRequest(
        @Schema(description = "A name to recognise the search by", example = "assignment-1 grid") String name,
        @Schema(description = "cifar10 (default) or synthetic (built in, no download)", example = "cifar10") String dataset,
        @Schema(description = "Dimensions to vary: name to a list of values or a range") Map<String, Object> grid,
        @Schema(description = "Dimensions held at one value") Map<String, Object> fixed,
        @Schema(description = "Limits and stop conditions of this search") Limits limits,
        @Schema(description = "How to search: {\"type\": \"grid\"} (default, every point) or {\"type\": \"random\","
                + " \"trials\": N, \"seed\": s} (N points drawn from the grid's lists and ranges {min, max, scale});"
                + " optional \"earlyStopping\": {\"type\": \"median\", \"warmupEpochs\", \"minTrials\"} or"
                + " {\"type\": \"successiveHalving\", \"minEpochs\", \"reductionFactor\"}")
        Map<String, Object> strategy,
        @Schema(description = "Trials per configuration, seeds seed, seed + 1, ...; default 1", example = "1")
        Integer repeats) {

    /**
     * @param maxParallelTrials at most this many of the search's trials run at once, across all instances
     * @param maxFailedTrials the search fails (and cancels what is pending) when more trials than this fail
     * @param targetValidationAccuracy the search stops (pending trials cancelled, running ones stopped) as soon as a
     *                                 trial finishes with at least this validation accuracy (a fraction)
     * @param maxWallSeconds the search stops the same way once this many seconds passed since its first trial started
     */
    public record Limits(Integer maxParallelTrials, Integer maxFailedTrials, Double targetValidationAccuracy,
                         Double maxWallSeconds) {
    }
}
