package io.hypergrid.execution;

import io.hypergrid.search.ClaimedTrial;
import java.util.concurrent.atomic.AtomicReference;

/** A trial a worker of this instance is training, and the stop request the trainer polls between mini-batches. */
final class RunningTrial {
    final ClaimedTrial claim;
    private final AtomicReference<StopReason> stop = new AtomicReference<>();

    RunningTrial(ClaimedTrial claim) {
        this.claim = claim;
    }

    /** The first reason given wins: a trial that was lost stays lost even if cancelled afterwards. */
    void stop(StopReason reason) {
        stop.compareAndSet(null, reason);
    }

    boolean stopRequested() {
        return stop.get() != null;
    }

    StopReason stopReason() {
        return stop.get();
    }
}
