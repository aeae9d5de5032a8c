package io.hypergrid.search.queue;

/** Published once a trial's completion is committed: its search's target may be reached. */
public record TrialSucceeded(Long searchId, Long trialId, double validationAccuracy) {
}
