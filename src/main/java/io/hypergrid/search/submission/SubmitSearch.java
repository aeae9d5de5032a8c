package io.hypergrid.search.submission;

import io.hypergrid.search.strategy.Strategy;
import io.hypergrid.validation.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * {@code POST /api/searches}: a search over the trainer's dimensions. Each grid dimension is a list of values or,
 * for numeric ones, a range {@code {"min", "max", "count", "scale": "linear"|"log"}}; fixed dimensions take one
 * value; the rest keep their defaults (the table of parameters, {@code search.parameter.Parameters}).
 */
@Schema(example = """
        {"name": "assignment-1 grid", "dataset": "cifar10",
         "grid": {"lambda": [0, 0.01, 0.1, 1], "eta": {"min": 0.0001, "max": 0.1, "count": 4, "scale": "log"},
                  "batchSize": [10, 50, 100, 1000]},
         "fixed": {"epochs": 40, "loss": "softmax", "split": "batch1", "seed": 0}}""")
public record SubmitSearch(
        @Schema(description = "A name to recognise the search by", example = "assignment-1 grid")
        @Size(max = 200, message = "longer than 200 characters") @PlainText String name,
        @Schema(description = "cifar10 (default) or synthetic (built in, no download)", example = "cifar10")
        String dataset,
        @Schema(description = "Dimensions to vary: name to a list of values or a range") Map<String, DimensionSpec> grid,
        @Schema(description = "Dimensions held at one value") Map<String, Object> fixed,
        @Valid Limits limits,
        @Schema(description = "How to search: {\"type\": \"grid\"} (default, every point) or {\"type\": \"random\","
                + " \"trials\": N, \"seed\": s} (N points drawn from the grid's lists and ranges {min, max, scale});"
                + " optional \"earlyStopping\": {\"type\": \"median\", \"warmupEpochs\", \"minTrials\"} or"
                + " {\"type\": \"successiveHalving\", \"minEpochs\", \"reductionFactor\", \"trend\"}")
        @Valid Strategy strategy,
        @Schema(description = "Trials per configuration, seeds seed, seed + 1, ...; default 1", example = "1")
        @Min(value = 1, message = "must be from 1 to " + SubmitSearch.MAX_REPEATS)
        @Max(value = MAX_REPEATS, message = "must be from 1 to " + SubmitSearch.MAX_REPEATS) Integer repeats) {

    public static final int MAX_REPEATS = 100;

    /** A grid of these dimensions, the rest fixed or at their defaults. */
    public static SubmitSearch grid(String name, String dataset, Map<String, DimensionSpec> grid,
                                    Map<String, Object> fixed) {
        return new SubmitSearch(name, dataset, grid, fixed, null, null, null);
    }
}
