package io.hypergrid.execution;

import io.hypergrid.catalog.DatasetCatalog;
import io.hypergrid.dataset.Precision;
import io.hypergrid.dataset.PreparedData;
import io.hypergrid.dataset.Split;
import io.hypergrid.metrics.HypergridMetrics;
import io.hypergrid.search.ClaimedTrial;
import io.hypergrid.search.TrialQueue;
import io.hypergrid.training.Trainer;
import io.hypergrid.training.TrainingConfig;
import io.hypergrid.training.TrainingOutcome;
import io.hypergrid.training.TrainingTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Trains one claimed trial and records what happened: epochs as they come, then the result, the failure with its
 * reason, or the cancellation. Anything that goes wrong (divergence, out of memory, a bug) fails this trial alone.
 */
@Component
class TrialRunner {
    private static final Logger log = LoggerFactory.getLogger(TrialRunner.class);

    private final TrialQueue queue;
    private final DatasetCatalog catalog;
    private final HypergridMetrics metrics;

    TrialRunner(TrialQueue queue, DatasetCatalog catalog, HypergridMetrics metrics) {
        this.queue = queue;
        this.catalog = catalog;
        this.metrics = metrics;
    }

    void run(RunningTrial trial) {
        ClaimedTrial c = trial.claim;
        long start = System.nanoTime();
        String outcome;
        try {
            TrainingConfig config = c.parameters().toTrainingConfig();
            PreparedData data = catalog.prepared(c.parameters().dataset(), Split.of(c.parameters().split()),
                    Precision.of(c.parameters().dtype()));
            int images = data.train().count();
            TrainingTask task = new TrainingTask(config, null, epoch -> {
                if (!queue.recordEpoch(c, epoch)) {
                    trial.stop(StopReason.LOST); // taken over: stop writing, stop spending the core
                }
                if (epoch.epoch() > 0) {
                    metrics.epoch(epoch.seconds(), images);
                }
            }, trial::stopRequested);
            TrainingOutcome result = Trainer.train(data, task);
            outcome = record(trial, result);
        } catch (Throwable e) { // NOPMD: an OutOfMemoryError or a bug in one trial must not take the worker down
            String reason = "failed: " + e;
            log.warn("trial {} (search {}, grid point {}) {}", c.trialId(), c.searchId(), c.gridIndex(), reason, e);
            outcome = queue.fail(c, reason) ? "failed" : "lost";
            if (e instanceof Error && !(e instanceof OutOfMemoryError)) {
                throw (Error) e;
            }
        }
        metrics.trialFinished(outcome, Duration.ofNanos(System.nanoTime() - start));
    }

    private String record(RunningTrial trial, TrainingOutcome result) {
        ClaimedTrial c = trial.claim;
        switch (result.status()) {
            case SUCCEEDED:
                return queue.complete(c, result.result()) ? "succeeded" : "lost";
            case FAILED:
                return queue.fail(c, result.reason()) ? "failed" : "lost";
            default:
                if (trial.stopReason() == StopReason.SHUTDOWN) {
                    return "released"; // the pool returns it to the queue
                }
                // cancelled, or lost: the write is fenced, so it only lands if the trial is still ours
                return queue.cancelled(c) ? "cancelled" : "lost";
        }
    }
}
