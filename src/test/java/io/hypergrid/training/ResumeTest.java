package io.hypergrid.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypergrid.dataset.Dtype;
import io.hypergrid.dataset.PreparedData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A trial stopped at an epoch's end keeps its weights as a checkpoint; resumed from it, it goes on as if it had never
 * stopped: the same curve from there, the same weights at the end (same stack, so the same arithmetic: exactly).
 */
class ResumeTest {
    private static final int N = 60;
    private static final int D = 9;
    private static final int K = 3;

    /** Every other trial decays eta after epochs 2 and 4: the resumed run must keep that. */
    private static List<TrainingConfig> configs(Dtype dtype, boolean shuffle) {
        return TinyData.configs(new double[][] {{0, 0.1}, {0.01, 0.05}, {0.5, 0.01}}, 6, dtype, shuffle);
    }

    @ParameterizedTest(name = "{0}, shuffle {1}, stopped after epoch {2}")
    @CsvSource({"FLOAT64, false, 3", "FLOAT64, true, 3", "FLOAT32, false, 1", "FLOAT32, true, 4"})
    void aResumedStackEndsWhereTheUninterruptedOneDoes(Dtype dtype, boolean shuffle, int stopAfter) {
        PreparedData data = new TinyData(31, N, D, K).prepared(dtype);
        List<TrainingConfig> configs = configs(dtype, shuffle);

        List<TrainingOutcome> whole = Trainer.trainStacked(data, configs.stream().map(TrainingTask::of).toList());

        int[] epochSeen = {0};
        List<TrainingTask> stopping = configs.stream().map(c -> new TrainingTask(c, null,
                e -> epochSeen[0] = e.epoch(), () -> epochSeen[0] >= stopAfter)).toList();
        List<TrainingOutcome> first = Trainer.trainStacked(data, stopping);
        List<List<EpochMetrics>> resumedCurves = new ArrayList<>();
        List<TrainingTask> resuming = new ArrayList<>();
        for (int t = 0; t < configs.size(); t++) {
            TrainingOutcome stopped = first.get(t);
            assertThat(stopped.status()).isEqualTo(TrainingOutcome.Status.STOPPED);
            assertThat(stopped.epochsCompleted()).isEqualTo(stopAfter);
            assertThat(stopped.checkpoint()).as("weights at the epoch's end").isNotNull();
            List<EpochMetrics> curve = new ArrayList<>();
            resumedCurves.add(curve);
            resuming.add(new TrainingTask(configs.get(t), stopped.checkpoint(), stopAfter, curve::add, null));
        }
        List<TrainingOutcome> second = Trainer.trainStacked(data, resuming);

        for (int t = 0; t < configs.size(); t++) {
            TrainingResult uninterrupted = whole.get(t).result();
            TrainingResult resumed = second.get(t).result();
            assertThat(resumed.weights()).as("trial %d's final W and b", t).containsExactly(uninterrupted.weights());
            assertThat(resumed.epochs()).as("only the epochs after the checkpoint are trained")
                    .hasSize(6 - stopAfter);
            for (EpochMetrics e : resumed.epochs()) {
                EpochMetrics u = uninterrupted.epochs().get(e.epoch());
                assertThat(List.of(e.eta(), e.train(), e.validation())).as("trial %d epoch %d", t, e.epoch())
                        .isEqualTo(List.of(u.eta(), u.train(), u.validation()));
            }
            assertThat(resumedCurves.get(t)).extracting(EpochMetrics::epoch)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(stopAfter + 1, 6).boxed().toList());
            assertThat(second.get(t).epochsCompleted()).isEqualTo(6);
            assertThat(resumed.test()).isEqualTo(uninterrupted.test());
        }
    }

    @Test
    void aTrialStoppedWithinAnEpochHasNoCheckpoint() {
        PreparedData data = new TinyData(32, N, D, K).prepared(Dtype.FLOAT32);
        TrainingConfig config = new TrainingConfig(0.01, 0.05, 8, 5, Loss.SOFTMAX, 0, 1, false, 7, Dtype.FLOAT32);
        int[] polls = {0};
        // the epoch-end polls are the first of each epoch's and the one after the epoch; the 3rd poll is mid-epoch 1
        TrainingTask stopping = new TrainingTask(config, null, null, () -> ++polls[0] >= 3);

        TrainingOutcome outcome = Trainer.trainStacked(data, List.of(stopping, TrainingTask.of(config))).get(0);

        assertThat(outcome.status()).isEqualTo(TrainingOutcome.Status.STOPPED);
        assertThat(outcome.epochsCompleted()).isZero();
        assertThat(outcome.checkpoint()).isNull();
    }

    @Test
    void resumingNeedsTheWeightsAndOneStartEpochPerStack() {
        PreparedData data = new TinyData(33, N, D, K).prepared(Dtype.FLOAT32);
        TrainingConfig config = new TrainingConfig(0, 0.05, 8, 4, Loss.SOFTMAX, 0, 1, false, 7, Dtype.FLOAT32);
        InitialWeights w = InitialWeights.seeded(1, 0.01, K, D);
        assertThatThrownBy(() -> new TrainingTask(config, null, 2, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the weights");
        assertThatThrownBy(() -> new TrainingTask(config, w, 4, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below the 4 epochs");
        assertThatThrownBy(() -> Trainer.trainStacked(data, List.of(new TrainingTask(config, w, 1, null, null),
                new TrainingTask(config, w, 2, null, null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the same epoch");
    }
}
