package io.hypergrid.training;

import io.hypergrid.dataset.PreparedData;
import java.util.List;

/**
 * The trainer of design §1: a linear classifier s = W x + b by mini-batch gradient descent. Free of Spring; one
 * call trains one trial, or several stacked trials that share their data order (see {@link StackedRun}).
 */
public final class Trainer {
    private Trainer() {
    }

    public static TrainingOutcome train(PreparedData data, TrainingTask task) {
        return trainStacked(data, List.of(task)).get(0);
    }

    /**
     * Trains the tasks together. They must share {@link TrainingConfig#stackKey()}; each keeps its own lambda, eta
     * and decay, its own outcome, listener and stop request.
     */
    public static List<TrainingOutcome> trainStacked(PreparedData data, List<TrainingTask> tasks) {
        return trainStacked(data, tasks, epoch -> { });
    }

    /**
     * The same, telling {@code afterEpoch} each epoch number (0, the evaluation before training, to the last) once
     * every trial of the stack has recorded it, on the training thread: the place to store the stack's epoch at
     * once and for decisions that compare its trials (early stopping); stop requests made there take effect before
     * the next epoch starts (after the last, they change nothing: the trials have succeeded).
     */
    public static List<TrainingOutcome> trainStacked(PreparedData data, List<TrainingTask> tasks,
                                                     java.util.function.IntConsumer afterEpoch) {
        try (StackedRun run = new StackedRun(data, tasks, afterEpoch)) {
            return run.run();
        }
    }
}
