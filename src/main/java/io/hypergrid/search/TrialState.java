package io.hypergrid.search;

/** A trial's life: PENDING -> RUNNING -> SUCCEEDED | FAILED | CANCELLED; a retry moves FAILED/CANCELLED back to PENDING. */
public enum TrialState {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
