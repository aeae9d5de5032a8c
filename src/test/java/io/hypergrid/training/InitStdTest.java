package io.hypergrid.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypergrid.dataset.Dtype;
import io.hypergrid.dataset.PreparedData;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The standard deviation of the initial weights: a per-trial setting that trials of one stack need not share. */
class InitStdTest {
    private static final int N = 60;
    private static final int D = 9;
    private static final int K = 3;

    private static TrainingConfig config(double lambda, double eta, int epochs, Loss loss, boolean shuffle,
                                         Dtype dtype, double initStd) {
        return new TrainingConfig(lambda, eta, 8, epochs, loss, 0, 1, shuffle, 7, dtype, initStd);
    }

    @Test
    void initStdScalesTheSeededDraw() {
        double[] base = InitialWeights.seeded(42, 0.01, K, D).values();
        double[] doubled = InitialWeights.seeded(42, 0.02, K, D).values();
        for (int i = 0; i < base.length; i++) {
            assertThat(doubled[i]).as("value %d", i).isEqualTo(2 * base[i]); // scaling by 2 is exact
        }
    }

    @Test
    void theDefaultIsTheAssignmentsDrawBitForBit() {
        TrainingConfig old = new TrainingConfig(0, 0.1, 8, 1, Loss.SOFTMAX, 0, 1, false, 42, Dtype.FLOAT64);
        assertThat(old.initStd()).isEqualTo(0.01);
        assertThat(TrainingConfig.defaults().initStd()).isEqualTo(0.01);
        Random random = new Random(42);
        double[] v = InitialWeights.seeded(42, old.initStd(), K, D).values();
        for (int i = 0; i < v.length; i++) { // W then b, one generator
            assertThat(v[i]).isEqualTo(0.01 * random.nextGaussian());
        }
    }

    @Test
    void initStdIsValidatedAndNotPartOfTheStackKey() {
        for (double bad : new double[] {0, -0.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> config(0, 0.1, 1, Loss.SOFTMAX, false, Dtype.FLOAT32, bad))
                    .hasMessageContaining("initStd");
        }
        assertThat(config(0, 0.1, 1, Loss.SOFTMAX, false, Dtype.FLOAT32, 0.5).stackKey())
                .isEqualTo(config(0, 0.1, 1, Loss.SOFTMAX, false, Dtype.FLOAT32, 0.01).stackKey());
    }

    /** Before any step, each trial of the stack holds exactly its own draw. */
    @Test
    void eachTrialOfAStackStartsFromItsOwnDraw() {
        PreparedData data = new TinyData(31, N, D, K).prepared(Dtype.FLOAT64);
        double[] stds = {0.01, 0.5, 0.01, 2};
        List<TrainingTask> tasks = java.util.Arrays.stream(stds)
                .mapToObj(s -> TrainingTask.of(config(0, 0.1, 0, Loss.SOFTMAX, false, Dtype.FLOAT64, s))).toList();

        List<TrainingOutcome> outcomes = Trainer.trainStacked(data, tasks);

        for (int t = 0; t < stds.length; t++) {
            assertThat(outcomes.get(t).result().weights()).as("trial %d", t)
                    .containsExactly(InitialWeights.seeded(7, stds[t], K, D).values());
        }
    }

    @ParameterizedTest(name = "{0}, {1}, shuffle {2}")
    @CsvSource({"FLOAT64, SOFTMAX, false, 1e-12", "FLOAT64, BCE, true, 1e-12", "FLOAT32, SOFTMAX, true, 1e-5",
            "FLOAT32, BCE, false, 1e-5"})
    void aStackOfDifferentInitStdsGivesTheResultsOfSeparateRuns(Dtype dtype, Loss loss, boolean shuffle,
                                                                double tolerance) {
        PreparedData data = new TinyData(32, N, D, K).prepared(dtype);
        List<TrainingConfig> configs = List.of(
                config(0, 0.1, 4, loss, shuffle, dtype, 0.01),
                config(0.01, 0.05, 4, loss, shuffle, dtype, 0.3),
                config(0.01, 0.05, 4, loss, shuffle, dtype, 0.01),
                config(0.1, 0.2, 4, loss, shuffle, dtype, 1.5));

        List<TrainingOutcome> stacked = Trainer.trainStacked(data, configs.stream().map(TrainingTask::of).toList());

        for (int t = 0; t < configs.size(); t++) {
            TrainingConfig c = configs.get(t);
            TrainingResult alone = Trainer.train(data, TrainingTask.of(c)).result();
            // the draw a separate run makes is the seed's, scaled by the trial's own initStd
            TrainingResult given = Trainer.train(data,
                    new TrainingTask(c, InitialWeights.seeded(c.seed(), c.initStd(), K, D), null, null)).result();
            assertThat(given.weights()).as("trial %d from its explicit draw", t).containsExactly(alone.weights());

            TrainingResult together = stacked.get(t).result();
            double[] a = alone.weights();
            double[] b = together.weights();
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i]).as("trial %d parameter %d", t, i)
                        .isCloseTo(a[i], Offset.offset(tolerance * Math.max(1, Math.abs(a[i]))));
            }
            assertThat(together.epochs()).hasSameSizeAs(alone.epochs());
            for (int e = 0; e < alone.epochs().size(); e++) {
                assertThat(together.epochs().get(e).train().cost()).as("trial %d epoch %d", t, e)
                        .isCloseTo(alone.epochs().get(e).train().cost(), Offset.offset(tolerance * 10));
            }
            assertThat(together.validation().accuracy()).isEqualTo(alone.validation().accuracy());
        }
        // the same hyperparameters from another initStd start elsewhere
        assertThat(stacked.get(1).result().epochs().get(0).train().cost())
                .isNotEqualTo(stacked.get(2).result().epochs().get(0).train().cost());
    }
}
