package io.hypergrid.search;

import io.hypergrid.search.pruning.EarlyStopping;
import io.hypergrid.search.ranking.TopTrial;
import io.hypergrid.search.trial.TrialState;
import java.time.Instant;
import java.util.Map;

/**
 * A search's status.
 *
 * @param trials counts per trial state (every state present, zeros included)
 * @param best the best succeeded trial so far by validation accuracy, or null
 * @param estimatedSecondsLeft from the mean epoch time so far and the trials running now; null until known
 * @param strategy grid or random
 * @param sampleSeed the seed a random search drew its points with; null for a grid
 * @param repeats trials per configuration, each with its own seed
 * @param earlyStopping the early-stopping rule, or null
 * @param epochsSaved epochs that pruned trials did not run
 * @param stopReason why the search stopped before running all its trials without failing, or null
 */
public record SearchStatus(Long id, String name, String dataset, SearchState state, String objective,
                           Integer maxParallelTrials, Integer maxFailedTrials, String failureReason,
                           int trialCount, Map<TrialState, Long> trials, long epochsDone, long epochsTotal,
                           TopTrial best, Instant createdAt, Instant startedAt, Instant finishedAt,
                           Double elapsedSeconds, Double estimatedSecondsLeft, String strategy, Long sampleSeed,
                           int repeats, EarlyStopping earlyStopping, long epochsSaved,
                           Double targetValidationAccuracy, Double maxWallSeconds, String stopReason) {
}
