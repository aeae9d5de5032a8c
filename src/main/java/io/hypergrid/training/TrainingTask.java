package io.hypergrid.training;

import java.util.function.BooleanSupplier;

/**
 * One trial to train: its configuration, where its epochs go, and a stop request that is checked between blocks of
 * mini-batches and after each epoch (cooperative cancellation).
 *
 * @param initialWeights the starting W and b, or null to draw them from the configuration's seed and initStd
 */
public record TrainingTask(TrainingConfig config, InitialWeights initialWeights, TrainingListener listener,
                           BooleanSupplier stopRequested) {
    public TrainingTask {
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        listener = listener == null ? TrainingListener.NONE : listener;
        stopRequested = stopRequested == null ? () -> false : stopRequested;
    }

    public static TrainingTask of(TrainingConfig config) {
        return new TrainingTask(config, null, null, null);
    }
}
