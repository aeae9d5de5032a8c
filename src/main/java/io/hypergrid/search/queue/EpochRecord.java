package io.hypergrid.search.queue;

import io.hypergrid.training.EpochMetrics;

/** One trial's metrics of one epoch, stored with its stack-mates' by {@link TrialQueue#recordEpochs}. */
public record EpochRecord(ClaimedTrial trial, EpochMetrics metrics) {
}
