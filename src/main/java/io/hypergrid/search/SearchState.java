package io.hypergrid.search;

import io.hypergrid.search.trial.TrialState;

/** Derived from the search's trials (design §2); never stored. */
public enum SearchState {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /**
     * @param counts trials per state
     * @param owesTrials its strategy will still propose trials (they count as pending)
     * @param cancelRequested the search was cancelled
     * @param failureReason set when the search gave up (too many failed trials); a search stopped by its target or
     *                      its time budget has cancelled trials and ends SUCCEEDED when any trial succeeded
     */
    static SearchState derive(java.util.Map<TrialState, Long> counts, boolean owesTrials, boolean cancelRequested,
                              String failureReason) {
        long pending = counts.getOrDefault(TrialState.PENDING, 0L) + (owesTrials ? 1 : 0);
        long running = counts.getOrDefault(TrialState.RUNNING, 0L);
        long succeeded = counts.getOrDefault(TrialState.SUCCEEDED, 0L);
        long failed = counts.getOrDefault(TrialState.FAILED, 0L);
        long cancelled = counts.getOrDefault(TrialState.CANCELLED, 0L);
        long pruned = counts.getOrDefault(TrialState.PRUNED, 0L);
        if (running > 0 || (pending > 0 && (succeeded + failed + cancelled + pruned) > 0)) {
            return RUNNING;
        }
        if (pending > 0) {
            return PENDING;
        }
        if (failureReason != null) {
            return FAILED;
        }
        if (cancelRequested) {
            return CANCELLED;
        }
        // pruned trials were judged, not broken: a search of only pruned trials still found something
        return succeeded + pruned > 0 ? SUCCEEDED : (cancelled > 0 && failed == 0 ? CANCELLED : FAILED);
    }
}
