package io.hypergrid.training;

import io.hypergrid.dataset.Dtype;

/**
 * One configuration of the trainer: the hyperparameters of one trial.
 *
 * @param lambda      L2 penalty on W, {@code >= 0}
 * @param eta         initial learning rate, {@code > 0}
 * @param batchSize   mini-batch size; the last batch of an epoch may be smaller
 * @param epochs      passes over the training set
 * @param decayEvery  divide eta by {@code decayFactor} after every this many epochs; 0 = constant eta
 * @param decayFactor the divisor of the step decay, {@code >= 1}
 * @param shuffle     reshuffle the training order every epoch (seeded), else file order
 * @param seed        initial weights and shuffle order
 * @param initStd     standard deviation of the initial W and b, drawn from N(0, initStd^2) with the seed, {@code > 0};
 *                    per trial, not part of the {@link #stackKey()}
 */
public record TrainingConfig(double lambda, double eta, int batchSize, int epochs, Loss loss, int decayEvery,
                             double decayFactor, boolean shuffle, long seed, Dtype dtype, double initStd) {
    public TrainingConfig {
        require(Double.isFinite(lambda) && lambda >= 0, "lambda must be a finite number >= 0, not " + lambda);
        require(Double.isFinite(eta) && eta > 0, "eta must be a finite number > 0, not " + eta);
        require(batchSize >= 1, "batchSize must be >= 1, not " + batchSize);
        require(epochs >= 0, "epochs must be >= 0, not " + epochs);
        require(decayEvery >= 0, "decayEvery must be >= 0 (0 = no decay), not " + decayEvery);
        require(Double.isFinite(decayFactor) && decayFactor >= 1, "decayFactor must be >= 1, not " + decayFactor);
        require(loss != null, "loss is required");
        require(dtype != null, "dtype is required");
        require(Double.isFinite(initStd) && initStd > 0, "initStd must be a finite number > 0, not " + initStd);
    }

    /** With the assignment's initial weights, N(0, 0.01^2) ({@link InitialWeights#SD}). */
    public TrainingConfig(double lambda, double eta, int batchSize, int epochs, Loss loss, int decayEvery,
                          double decayFactor, boolean shuffle, long seed, Dtype dtype) {
        this(lambda, eta, batchSize, epochs, loss, decayEvery, decayFactor, shuffle, seed, dtype, InitialWeights.SD);
    }

    /**
     * The defaults of the assignment's baseline: lambda 0, eta 0.001, batch 100, 40 epochs, softmax, float32, initial
     * weights N(0, 0.01^2).
     */
    public static TrainingConfig defaults() {
        return new TrainingConfig(0, 0.001, 100, 40, Loss.SOFTMAX, 0, 1, false, 0, Dtype.FLOAT32);
    }

    /** The learning rate used during epoch {@code epoch} (1-based): decayed after epochs N, 2N, ... */
    public double etaAt(int epoch) {
        if (decayEvery == 0) {
            return eta;
        }
        return eta / Math.pow(decayFactor, (epoch - 1) / decayEvery);
    }

    /**
     * What trials must share to train stacked in one weight matrix; lambda, eta, decay and initStd stay per trial
     * (each trial's rows start from their own draw).
     */
    public StackKey stackKey() {
        return new StackKey(batchSize, epochs, loss, shuffle, seed, dtype);
    }

    public record StackKey(int batchSize, int epochs, Loss loss, boolean shuffle, long seed, Dtype dtype) {
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
