package io.hypergrid.execution;

import io.hypergrid.catalog.DatasetCatalog;
import io.hypergrid.dataset.Precision;
import io.hypergrid.dataset.PreparedData;
import io.hypergrid.dataset.Split;
import io.hypergrid.metrics.HypergridMetrics;
import io.hypergrid.search.ClaimedTrial;
import io.hypergrid.search.TrialQueue;
import io.hypergrid.training.Trainer;
import io.hypergrid.training.TrainingOutcome;
import io.hypergrid.training.TrainingTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Trains claimed trials and records what happened to each: epochs as they come, then the result, the failure with
 * its reason, or the cancellation. A trial that diverges fails alone; anything else that goes wrong (out of memory, a
 * bug) fails the trials of that stack and nothing else.
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

    /** Trains a stack of claimed trials of one search (one GEMM per mini-batch for all), each recorded alone. */
    void run(List<RunningTrial> stack) {
        ClaimedTrial first = stack.get(0).claim;
        long start = System.nanoTime();
        List<String> outcomes = new ArrayList<>();
        try {
            PreparedData data = catalog.prepared(first.parameters().dataset(), Split.of(first.parameters().split()),
                    Precision.of(first.parameters().dtype()));
            int images = data.train().count();
            List<TrainingTask> tasks = new ArrayList<>();
            for (RunningTrial trial : stack) {
                ClaimedTrial c = trial.claim;
                tasks.add(new TrainingTask(c.parameters().toTrainingConfig(), null, epoch -> {
                    if (!queue.recordEpoch(c, epoch)) {
                        trial.stop(StopReason.LOST); // taken over: stop writing, stop spending the core
                    }
                    if (epoch.epoch() > 0) {
                        metrics.epoch(epoch.seconds(), images);
                    }
                }, trial::stopRequested));
            }
            List<TrainingOutcome> results = Trainer.trainStacked(data, tasks);
            for (int i = 0; i < stack.size(); i++) {
                outcomes.add(record(stack.get(i), results.get(i)));
            }
        } catch (Throwable e) { // NOPMD: an OutOfMemoryError or a bug must fail these trials, not kill the worker
            String reason = "failed: " + e;
            log.warn("trials {} (search {}) {}", stack.stream().map(t -> t.claim.trialId()).toList(), first.searchId(),
                    reason, e);
            outcomes.clear();
            for (RunningTrial trial : stack) {
                outcomes.add(queue.fail(trial.claim, reason) ? "failed" : "lost");
            }
            if (e instanceof Error && !(e instanceof OutOfMemoryError)) {
                throw (Error) e;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        outcomes.forEach(o -> metrics.trialFinished(o, took));
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
