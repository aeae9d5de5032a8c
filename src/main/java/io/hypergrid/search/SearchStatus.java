package io.hypergrid.search;

import java.time.Instant;
import java.util.Map;

/**
 * A search's status.
 *
 * @param trials counts per trial state (every state present, zeros included)
 * @param best the best succeeded trial so far by validation accuracy, or null
 * @param estimatedSecondsLeft from the mean epoch time so far and the trials running now; null until known
 */
public record SearchStatus(Long id, String name, String dataset, SearchState state, String objective,
                           Integer maxParallelTrials, Integer maxFailedTrials, String failureReason,
                           int trialCount, Map<TrialState, Long> trials, long epochsDone, long epochsTotal,
                           TopTrial best, Instant createdAt, Instant startedAt, Instant finishedAt,
                           Double elapsedSeconds, Double estimatedSecondsLeft) {
}
