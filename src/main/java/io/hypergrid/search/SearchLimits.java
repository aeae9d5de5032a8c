package io.hypergrid.search;

/** What one submission may ask for (hypergrid.limits.*). */
public record SearchLimits(int maxTrialsPerSearch, int maxEpochs) {
}
