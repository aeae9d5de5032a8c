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
        try (StackedRun run = new StackedRun(data, tasks)) {
            return run.run();
        }
    }
}
