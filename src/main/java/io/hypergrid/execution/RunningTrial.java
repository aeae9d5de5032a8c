package io.hypergrid.execution;

import io.hypergrid.search.queue.ClaimedTrial;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A trial a worker of this instance is training, and the stop request the trainer polls between blocks of
 * mini-batches (about 256 rows) and after each epoch.
 */
final class RunningTrial {
    final ClaimedTrial claim;
    private final AtomicReference<StopReason> stop = new AtomicReference<>();
    /** The last epoch stored for it (its metrics are a pruned trial's results). */
    volatile io.hypergrid.training.EpochMetrics lastEpoch;
    /** Why early stopping pruned it. */
    volatile String pruneReason;

    RunningTrial(ClaimedTrial claim) {
        this.claim = claim;
    }

    /** The first reason given wins: a trial that was lost stays lost even if cancelled afterwards. */
    void stop(StopReason reason) {
        stop.compareAndSet(null, reason);
    }

    void prune(String reason) {
        pruneReason = reason;
        stop(StopReason.PRUNED);
    }

    void pause() {
        stop(StopReason.PAUSED);
    }

    boolean stopRequested() {
        return stop.get() != null;
    }

    StopReason stopReason() {
        return stop.get();
    }
}
