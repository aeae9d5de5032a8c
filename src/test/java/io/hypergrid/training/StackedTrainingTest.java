package io.hypergrid.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.dataset.Dtype;
import io.hypergrid.dataset.PreparedData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Trials trained as one stack must come out as if each had been trained alone, and must fail or stop alone. */
class StackedTrainingTest {
    private static final int N = 60;
    private static final int D = 9;
    private static final int K = 3;

    private static List<TrainingConfig> configs(Dtype dtype, boolean shuffle) {
        return TinyData.configs(new double[][] {{0, 0.1}, {0.01, 0.05}, {0.5, 0.01}, {0.1, 0.2}}, 4, dtype, shuffle);
    }

    @ParameterizedTest(name = "{0}, shuffle {1}")
    @CsvSource({"FLOAT64, false, 1e-12", "FLOAT64, true, 1e-12", "FLOAT32, false, 1e-5", "FLOAT32, true, 1e-5"})
    void stackedResultsEqualSeparateRunsToRounding(Dtype dtype, boolean shuffle, double tolerance) {
        PreparedData data = new TinyData(21, N, D, K).prepared(dtype);
        List<TrainingConfig> configs = configs(dtype, shuffle);

        List<TrainingOutcome> stacked = Trainer.trainStacked(data, configs.stream().map(TrainingTask::of).toList());

        for (int t = 0; t < configs.size(); t++) {
            TrainingResult alone = Trainer.train(data, TrainingTask.of(configs.get(t))).result();
            TrainingResult together = stacked.get(t).result();
            double[] a = alone.weights();
            double[] b = together.weights();
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i]).as("trial %d parameter %d", t, i)
                        .isCloseTo(a[i], org.assertj.core.data.Offset.offset(tolerance * Math.max(1, Math.abs(a[i]))));
            }
            assertThat(together.epochs()).hasSameSizeAs(alone.epochs());
            assertThat(together.validation().accuracy()).isEqualTo(alone.validation().accuracy());
            assertThat(together.train().cost()).isCloseTo(alone.train().cost(),
                    org.assertj.core.data.Offset.offset(tolerance * 10));
        }
    }

    /**
     * Blocks of mini-batches (fused products, see StackedRun#descendBlock) against one mini-batch at a time: 300 rows
     * in mini-batches of 7 make a full block, a partial last block and a smaller last mini-batch; 48 trials with
     * their own lambda, eta and decay make the decay differ per row of W, and are a stack wide enough to block when
     * shuffled. Two stacks: in the first every beta^(-35) stays small, so the block keeps its gradient rows rescaled;
     * the second holds a trial with beta = 0.2 (lambda 2, eta 0.2), where the block decays its rows step by step.
     */
    @ParameterizedTest(name = "{0}, {1}, shuffle {2}")
    @CsvSource({"FLOAT64, SOFTMAX, false, 1e-11", "FLOAT64, BCE, false, 1e-11", "FLOAT64, SOFTMAX, true, 1e-11",
            "FLOAT32, SOFTMAX, false, 2e-4", "FLOAT32, BCE, true, 2e-4"})
    void blocksOfMiniBatchesGiveTheResultsOfOneAtATime(Dtype dtype, Loss loss, boolean shuffle, double tolerance) {
        int n = 300;
        PreparedData data = new TinyData(24, n, D, K).prepared(dtype);
        for (double[] lambdas : new double[][] {{0, 0.05, 0.5}, {0, 0.05, 2}}) {
            compareBlocksWithOneAtATime(data, n, dtype, loss, shuffle, tolerance, lambdas);
        }
    }

    private static void compareBlocksWithOneAtATime(PreparedData data, int n, Dtype dtype, Loss loss,
                                                    boolean shuffle, double tolerance, double[] lambdas) {
        List<TrainingTask> tasks = new ArrayList<>();
        double[] etas = {0.2, 0.05, 0.01, 0.002};
        for (double lambda : lambdas) {
            for (double eta : etas) {
                for (int decayEvery = 0; decayEvery < 4; decayEvery++) {
                    tasks.add(TrainingTask.of(new TrainingConfig(lambda, eta, 7, 5, loss, decayEvery, 2, shuffle, 11, dtype)));
                }
            }
        }
        int batches = StackedRun.blockBatches(7, n, shuffle, tasks.size() * K);
        assertThat(batches).as("mini-batches per block").isGreaterThan(1);
        assertThat(n % (7 * batches)).as("a partial last block").isNotZero();

        List<TrainingOutcome> blocked;
        List<TrainingOutcome> single;
        try (StackedRun run = new StackedRun(data, tasks, epoch -> { }, true)) {
            blocked = run.run();
        }
        try (StackedRun run = new StackedRun(data, tasks, epoch -> { }, false)) {
            single = run.run();
        }
        for (int t = 0; t < tasks.size(); t++) {
            double[] a = single.get(t).result().weights();
            double[] b = blocked.get(t).result().weights();
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i]).as("trial %d parameter %d", t, i)
                        .isCloseTo(a[i], org.assertj.core.data.Offset.offset(tolerance * Math.max(1, Math.abs(a[i]))));
            }
            List<EpochMetrics> ea = single.get(t).result().epochs();
            List<EpochMetrics> eb = blocked.get(t).result().epochs();
            for (int e = 0; e < ea.size(); e++) {
                assertThat(eb.get(e).train().cost()).isCloseTo(ea.get(e).train().cost(),
                        org.assertj.core.data.Offset.offset(tolerance * 10));
            }
        }
    }

    @Test
    void aDivergingTrialFailsAloneWithItsEpoch() {
        PreparedData data = new TinyData(22, N, D, K).prepared(Dtype.FLOAT64);
        TrainingConfig good = new TrainingConfig(0.01, 0.05, 8, 4, Loss.SOFTMAX, 0, 1, false, 7, Dtype.FLOAT64);
        TrainingConfig wild = new TrainingConfig(1, 1e200, 8, 4, Loss.SOFTMAX, 0, 1, false, 7, Dtype.FLOAT64);

        List<TrainingOutcome> outcomes = Trainer.trainStacked(data, List.of(TrainingTask.of(good), TrainingTask.of(wild)));

        assertThat(outcomes.get(1).status()).isEqualTo(TrainingOutcome.Status.FAILED);
        assertThat(outcomes.get(1).reason()).startsWith("diverged at epoch 1");
        assertThat(outcomes.get(1).epochsCompleted()).isZero();
        assertThat(outcomes.get(0).status()).isEqualTo(TrainingOutcome.Status.SUCCEEDED);
        double[] alone = Trainer.train(data, TrainingTask.of(good)).result().weights();
        double[] together = outcomes.get(0).result().weights();
        for (int i = 0; i < alone.length; i++) {
            assertThat(together[i]).isCloseTo(alone[i], org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void aStopRequestStopsOnlyThatTrialBetweenMiniBatches() {
        PreparedData data = new TinyData(23, N, D, K).prepared(Dtype.FLOAT32);
        TrainingConfig config = new TrainingConfig(0.01, 0.05, 8, 5, Loss.SOFTMAX, 0, 1, false, 7, Dtype.FLOAT32);
        AtomicInteger polls = new AtomicInteger();
        List<Integer> epochsSeen = new ArrayList<>();
        // stop requests are read before every block of mini-batches and after every epoch but the last: the first
        // poll of epoch 3 stops it
        int blockRows = 8 * StackedRun.blockBatches(8, N, false, 2 * K);
        int pollsPerEpoch = (N + blockRows - 1) / blockRows + 1;
        int stopAt = 2 * pollsPerEpoch + 1;
        TrainingTask stopping = new TrainingTask(config, null, e -> epochsSeen.add(e.epoch()),
                () -> polls.incrementAndGet() >= stopAt);

        List<TrainingOutcome> outcomes = Trainer.trainStacked(data, List.of(stopping, TrainingTask.of(config)));

        assertThat(outcomes.get(0).status()).isEqualTo(TrainingOutcome.Status.STOPPED);
        assertThat(outcomes.get(0).epochsCompleted()).isEqualTo(2);
        assertThat(epochsSeen).containsExactly(0, 1, 2);
        assertThat(polls.get()).isEqualTo(stopAt);
        assertThat(outcomes.get(1).status()).isEqualTo(TrainingOutcome.Status.SUCCEEDED);
        assertThat(outcomes.get(1).result().epochs()).hasSize(6);
    }

    @Test
    void aFailingListenerFailsOnlyItsTrial() {
        PreparedData data = new TinyData(24, N, D, K).prepared(Dtype.FLOAT32);
        TrainingConfig config = new TrainingConfig(0, 0.05, 8, 3, Loss.BCE, 0, 1, false, 7, Dtype.FLOAT32);
        TrainingTask broken = new TrainingTask(config, null, e -> {
            if (e.epoch() == 2) {
                throw new IllegalStateException("disk full");
            }
        }, null);

        List<TrainingOutcome> outcomes = Trainer.trainStacked(data, List.of(broken, TrainingTask.of(config)));

        assertThat(outcomes.get(0).status()).isEqualTo(TrainingOutcome.Status.FAILED);
        assertThat(outcomes.get(0).reason()).contains("epoch 2").contains("disk full");
        assertThat(outcomes.get(1).status()).isEqualTo(TrainingOutcome.Status.SUCCEEDED);
    }

    @Test
    void trialsThatDoNotShareTheirStackKeyAreRefused() {
        PreparedData data = new TinyData(25, N, D, K).prepared(Dtype.FLOAT32);
        TrainingConfig a = new TrainingConfig(0, 0.05, 8, 3, Loss.BCE, 0, 1, false, 7, Dtype.FLOAT32);
        TrainingConfig b = new TrainingConfig(0, 0.05, 16, 3, Loss.BCE, 0, 1, false, 7, Dtype.FLOAT32);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> Trainer.trainStacked(data, List.of(TrainingTask.of(a), TrainingTask.of(b))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share");
    }
}
