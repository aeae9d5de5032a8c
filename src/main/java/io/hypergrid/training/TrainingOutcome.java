package io.hypergrid.training;

/**
 * How one trial's training ended: {@link Status#SUCCEEDED} with its result, or {@link Status#FAILED} (diverged) /
 * {@link Status#STOPPED} (stop requested) with the reason and the epochs completed.
 */
public record TrainingOutcome(Status status, TrainingResult result, String reason, int epochsCompleted) {
    public enum Status { SUCCEEDED, FAILED, STOPPED }

    public static TrainingOutcome succeeded(TrainingResult result) {
        return new TrainingOutcome(Status.SUCCEEDED, result, null, result.epochs().size() - 1);
    }

    public static TrainingOutcome failed(String reason, int epochsCompleted) {
        return new TrainingOutcome(Status.FAILED, null, reason, epochsCompleted);
    }

    public static TrainingOutcome stopped(int epochsCompleted) {
        return new TrainingOutcome(Status.STOPPED, null, "stop requested", epochsCompleted);
    }
}
