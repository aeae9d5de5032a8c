package io.hypergrid.search.submission;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

/**
 * A search's limits and stop conditions.
 *
 * @param maxParallelTrials at most this many of the search's trials run at once, across all instances
 * @param maxFailedTrials the search fails (and cancels what is pending) when more trials than this fail
 * @param targetValidationAccuracy the search stops (pending trials cancelled, running ones stopped) as soon as a
 *                                 trial finishes with at least this validation accuracy (a fraction)
 * @param maxWallSeconds the search stops the same way once this many seconds passed since its first trial started
 */
@Schema(description = "Limits and stop conditions of this search")
public record Limits(
        @Min(value = 1, message = "must be at least 1") Integer maxParallelTrials,
        @Min(value = 0, message = "must be at least 0") Integer maxFailedTrials,
        @DecimalMin(value = "0", inclusive = false, message = FRACTION)
        @DecimalMax(value = "1", message = FRACTION) Double targetValidationAccuracy,
        @Positive(message = "must be a positive number of seconds") Double maxWallSeconds) {

    static final String FRACTION = "must be above 0 and at most 1 (a fraction, not a percentage)";

    public static final Limits NONE = new Limits(null, null, null, null);
}
