package io.hypergrid.search.submission;

/**
 * What one submission may ask for (hypergrid.limits.*).
 *
 * @param maxPendingTrials the most trials the queue holds across all searches (back-pressure at submit and retry)
 */
public record SearchLimits(int maxTrialsPerSearch, int maxEpochs, int maxPendingTrials) {
    public SearchLimits(int maxTrialsPerSearch, int maxEpochs) {
        this(maxTrialsPerSearch, maxEpochs, Integer.MAX_VALUE);
    }
}
