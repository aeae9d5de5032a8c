package io.hypergrid.search;

import io.hypergrid.dataset.Precision;
import io.hypergrid.training.Loss;
import io.hypergrid.training.TrainingConfig;
import jakarta.persistence.Embeddable;

/**
 * One grid point: every value that defines a trial. The same names in the API, the database columns and the
 * metrics; {@code loss}, {@code split} and {@code dtype} hold their API names ("softmax", "batch1", "float32").
 */
@Embeddable
public record TrialParameters(String dataset, String split, double lambda, double eta, int batchSize, int epochs,
                              String loss, int decayEvery, double decayFactor, boolean shuffle, long seed,
                              String dtype) {

    public TrainingConfig toTrainingConfig() {
        return new TrainingConfig(lambda, eta, batchSize, epochs, Loss.of(loss), decayEvery, decayFactor, shuffle,
                seed, Precision.of(dtype));
    }
}
