package io.hypergrid.search.trial;

/** A trial whose final weights are not stored: it has not succeeded (yet), or its weights were never kept. */
public class WeightsNotStoredException extends RuntimeException {
    public WeightsNotStoredException(Long trialId, TrialState state) {
        super(state == TrialState.SUCCEEDED ? "no stored weights for trial " + trialId
                : "no weights yet (" + state + ") for trial " + trialId);
    }
}
