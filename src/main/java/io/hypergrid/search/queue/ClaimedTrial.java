package io.hypergrid.search.queue;

import io.hypergrid.search.parameter.TrialParameters;

/**
 * A trial a worker has claimed: what to train, and the (owner, attempt) pair that fences its writes. A worker that
 * lost the trial (lease expired, reclaimed elsewhere) can no longer write anything with it.
 *
 * @param startEpoch 0 to train from the start; else the epoch of the checkpoint it resumes from
 */
public record ClaimedTrial(Long trialId, Long searchId, int gridIndex, String owner, int attempt, int startEpoch,
                           TrialParameters parameters) {
}
