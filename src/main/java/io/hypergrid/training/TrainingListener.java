package io.hypergrid.training;

/** Told of each epoch's metrics as soon as they are known, on the training thread. */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = epoch -> { };

    void onEpoch(EpochMetrics epoch);
}
