package io.hypergrid.training;

/**
 * How one trial's training ended: {@link Status#SUCCEEDED} with its result, or {@link Status#FAILED} (diverged) /
 * {@link Status#STOPPED} (stop requested) with the reason and the epochs completed.
 *
 * @param checkpoint for a trial stopped at an epoch's end: its W and b after {@code epochsCompleted}, from which a
 *                   {@link TrainingTask} with that start epoch goes on as if never stopped; else null
 */
public record TrainingOutcome(Status status, TrainingResult result, String reason, int epochsCompleted,
                              InitialWeights checkpoint) {
    public enum Status { SUCCEEDED, FAILED, STOPPED }

    public static TrainingOutcome succeeded(TrainingResult result) {
        return new TrainingOutcome(Status.SUCCEEDED, result, null, result.epochs().get(result.epochs().size() - 1).epoch(),
                null);
    }

    public static TrainingOutcome failed(String reason, int epochsCompleted) {
        return new TrainingOutcome(Status.FAILED, null, reason, epochsCompleted, null);
    }

    public static TrainingOutcome stopped(int epochsCompleted, InitialWeights checkpoint) {
        return new TrainingOutcome(Status.STOPPED, null, "stop requested", epochsCompleted, checkpoint);
    }
}
