package io.hypergrid.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.dataset.Dtype;
import io.hypergrid.dataset.PreparedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trainer's fused, stacked BLAS arithmetic against the naive formulas of design §1, in float64. */
class TrainerExactnessTest {
    private static final int N = 53;
    private static final int D = 7;
    private static final int K = 4;

    @ParameterizedTest(name = "{0}, shuffle {1}")
    @CsvSource({"SOFTMAX, false", "BCE, false", "SOFTMAX, true", "BCE, true"})
    void epochsEqualAnIndependentPlainJavaComputation(Loss loss, boolean shuffle) {
        TinyData tiny = new TinyData(11, N, D, K);
        PreparedData data = tiny.prepared(Dtype.FLOAT64);
        InitialWeights init = TinyData.randomWeights(5, K, D, 0.3);
        // batch 10 over 53 rows: a last batch of 3; decay every epoch by 2 checks the schedule as well
        TrainingConfig config = new TrainingConfig(0.05, 0.2, 10, 3, loss, 1, 2, shuffle, 9, Dtype.FLOAT64);

        TrainingOutcome outcome = Trainer.train(data, new TrainingTask(config, init, null, null));

        PlainJavaTrainer plain = new PlainJavaTrainer(init);
        EpochOrder order = shuffle ? new EpochOrder(config.seed(), N) : null;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            plain.epoch(tiny.train, tiny.trainLabels, order == null ? null : order.next(), config.batchSize(),
                    config.etaAt(epoch), config.lambda(), loss);
        }
        assertThat(outcome.status()).isEqualTo(TrainingOutcome.Status.SUCCEEDED);
        double[] expected = plain.flat();
        double[] actual = outcome.result().weights();
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("parameter %d", i)
                    .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(expected[i])));
        }
        double cost = plain.cost(tiny.train, tiny.trainLabels, config.lambda(), loss);
        assertThat(outcome.result().train().cost()).isCloseTo(cost, org.assertj.core.data.Percentage.withPercentage(1e-7));
        assertThat(outcome.result().epochs()).extracting(EpochMetrics::eta)
                .containsExactly(null, 0.2, 0.1, 0.05);
    }

    @ParameterizedTest
    @CsvSource({"SOFTMAX", "BCE"})
    void epochZeroIsTheUntrainedModelAndAccuracyIsArgmax(Loss loss) {
        TinyData tiny = new TinyData(12, N, D, K);
        InitialWeights init = TinyData.randomWeights(6, K, D, 0.5);
        TrainingConfig config = new TrainingConfig(0.1, 0.1, 10, 0, loss, 0, 1, false, 0, Dtype.FLOAT64);

        TrainingResult result = Trainer.train(tiny.prepared(Dtype.FLOAT64), new TrainingTask(config, init, null, null)).result();

        PlainJavaTrainer plain = new PlainJavaTrainer(init);
        int correct = 0;
        for (int i = 0; i < N; i++) {
            double[] p = plain.probabilities(tiny.train[i], loss);
            int best = 0;
            for (int k = 1; k < K; k++) {
                best = p[k] > p[best] ? k : best;
            }
            correct += best == tiny.trainLabels[i] ? 1 : 0;
        }
        assertThat(result.epochs()).hasSize(1);
        assertThat(result.train().accuracy()).isEqualTo((double) correct / N);
        assertThat(result.train().cost()).isCloseTo(plain.cost(tiny.train, tiny.trainLabels, 0.1, loss),
                org.assertj.core.data.Percentage.withPercentage(1e-9));
    }
}
