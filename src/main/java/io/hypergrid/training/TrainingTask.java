package io.hypergrid.training;

import java.util.function.BooleanSupplier;

/**
 * One trial to train: its configuration, where its epochs go, and a stop request that is checked between blocks of
 * mini-batches and after each epoch (cooperative cancellation).
 *
 * @param initialWeights the starting W and b, or null to draw them from the configuration's seed and initStd
 * @param startEpoch     0 to train from the start; e &gt; 0 to resume after epoch e from {@code initialWeights}, the
 *                       weights a run had after it (its checkpoint): epochs e+1.. are trained, with the shuffle and the
 *                       learning rate they would have had in one uninterrupted run
 */
public record TrainingTask(TrainingConfig config, InitialWeights initialWeights, int startEpoch,
                           TrainingListener listener, BooleanSupplier stopRequested) {
    public TrainingTask {
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        if (startEpoch != 0 && (startEpoch < 0 || startEpoch >= config.epochs())) {
            throw new IllegalArgumentException("startEpoch must be 0 or below the " + config.epochs() + " epochs, not "
                    + startEpoch);
        }
        if (startEpoch > 0 && initialWeights == null) {
            throw new IllegalArgumentException("resuming after epoch " + startEpoch + " needs the weights it had then");
        }
        listener = listener == null ? TrainingListener.NONE : listener;
        stopRequested = stopRequested == null ? () -> false : stopRequested;
    }

    /** From the start. */
    public TrainingTask(TrainingConfig config, InitialWeights initialWeights, TrainingListener listener,
                        BooleanSupplier stopRequested) {
        this(config, initialWeights, 0, listener, stopRequested);
    }

    public static TrainingTask of(TrainingConfig config) {
        return new TrainingTask(config, null, null, null);
    }
}
