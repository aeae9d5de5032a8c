package io.hypergrid.search.queue;

/** Published once a trial's failure is committed (by its worker or the reaper): its search may have too many. */
public record TrialFailed(Long searchId) {
}
