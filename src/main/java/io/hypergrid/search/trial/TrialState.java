package io.hypergrid.search.trial;

/**
 * A trial's life: PENDING -> RUNNING -> SUCCEEDED | FAILED | CANCELLED | PRUNED; a retry moves FAILED/CANCELLED back
 * to PENDING. PRUNED: stopped early by its search's early-stopping rule, with its curves up to that epoch.
 */
public enum TrialState {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, PRUNED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == PRUNED;
    }
}
