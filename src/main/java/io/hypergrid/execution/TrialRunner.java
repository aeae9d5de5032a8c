package io.hypergrid.execution;

import io.hypergrid.catalog.DatasetCatalog;
import io.hypergrid.dataset.Dtype;
import io.hypergrid.dataset.PreparedData;
import io.hypergrid.dataset.Split;
import io.hypergrid.metrics.HypergridMetrics;
import io.hypergrid.search.SearchService;
import io.hypergrid.search.StopConditions;
import io.hypergrid.search.pruning.EarlyStopping;
import io.hypergrid.search.pruning.Pruner;
import io.hypergrid.search.queue.ClaimedTrial;
import io.hypergrid.search.queue.EpochRecord;
import io.hypergrid.search.queue.TrialQueue;
import io.hypergrid.training.Trainer;
import io.hypergrid.training.TrainingOutcome;
import io.hypergrid.training.TrainingTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final Pruner pruner;
    private final SearchService searches;
    private final StopConditions stopConditions;

    TrialRunner(TrialQueue queue, DatasetCatalog catalog, HypergridMetrics metrics, Pruner pruner,
                SearchService searches, StopConditions stopConditions) {
        this.queue = queue;
        this.pruner = pruner;
        this.searches = searches;
        this.stopConditions = stopConditions;
        this.catalog = catalog;
        this.metrics = metrics;
    }

    /**
     * Trains a stack of claimed trials of one search (one GEMM per mini-batch for all), each recorded alone. Trials
     * that resume from a checkpoint (all of the stack, or none) are judged again at its epoch first.
     */
    void run(List<RunningTrial> claimed) {
        ClaimedTrial first = claimed.get(0).claim;
        long start = System.nanoTime();
        List<String> outcomes = new ArrayList<>();
        List<RunningTrial> stack = claimed;
        int judged = 0;
        try {
            EarlyStopping rule = searches.earlyStopping(first.searchId()).orElse(null);
            if (first.startEpoch() > 0 && rule != null) {
                stack = judgeAgain(claimed, rule, outcomes);
                judged = outcomes.size();
            }
            if (!stack.isEmpty()) {
                train(stack, rule, outcomes, start);
            }
        } catch (Throwable e) { // NOPMD: an OutOfMemoryError or a bug must fail these trials, not kill the worker
            String reason = "failed: " + e;
            log.warn("trials {} (search {}) {}", stack.stream().map(t -> t.claim.trialId()).toList(), first.searchId(),
                    reason, e);
            outcomes.subList(judged, outcomes.size()).clear();
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

    private void train(List<RunningTrial> stack, EarlyStopping rule, List<String> outcomes, long start) {
        ClaimedTrial first = stack.get(0).claim;
        PreparedData data = catalog.prepared(first.parameters().dataset(), Split.of(first.parameters().split()),
                Dtype.of(first.parameters().dtype()));
        int images = data.train().count();
        int epochs = first.parameters().epochs();
        // each trial's epoch waits here until the whole stack has it: stored together, in one transaction
        List<EpochRecord> recorded = new ArrayList<>(stack.size());
        Map<Long, RunningTrial> byId = new HashMap<>();
        List<TrainingTask> tasks = new ArrayList<>();
        for (RunningTrial trial : stack) {
            ClaimedTrial c = trial.claim;
            byId.put(c.trialId(), trial);
            tasks.add(new TrainingTask(c.parameters().toTrainingConfig(),
                    c.startEpoch() > 0 ? queue.checkpoint(c) : null, c.startEpoch(),
                    epoch -> recorded.add(new EpochRecord(c, epoch)), trial::stopRequested));
        }
        List<TrainingOutcome> results = Trainer.trainStacked(data, tasks, epoch -> {
            store(recorded, byId, images, false);
            if (epoch < epochs) {
                stopIfSearchStopped(stack);
                if (rule != null) {
                    judge(stack, rule, epoch);
                }
            }
        });
        store(recorded, byId, images, true); // what an earlier failed write left
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < stack.size(); i++) {
            outcomes.add(record(stack.get(i), results.get(i), seconds));
        }
    }

    /**
     * Stores the stack's epoch at once; a trial this worker no longer owns stops (taken over: stop spending the
     * core). A failed write (the database away for a moment) keeps the rows for the next epoch's write, unless
     * {@code last}: then it fails the stack.
     */
    private void store(List<EpochRecord> recorded, Map<Long, RunningTrial> byId, int images, boolean last) {
        if (recorded.isEmpty()) {
            return;
        }
        Set<Long> lost;
        try {
            lost = queue.recordEpochs(recorded);
        } catch (RuntimeException e) {
            if (last) {
                throw e;
            }
            log.warn("{} epoch rows not stored, tried again after the next epoch: {}", recorded.size(), e.toString());
            return;
        }
        for (EpochRecord r : recorded) {
            RunningTrial trial = byId.get(r.trial().trialId());
            if (lost.contains(r.trial().trialId())) {
                trial.stop(StopReason.LOST);
            } else {
                trial.lastEpoch = r.metrics();
            }
            if (r.metrics().epoch() > 0) {
                metrics.epoch(r.metrics().seconds(), images);
            }
        }
        recorded.clear();
    }

    /** At an epoch's end: the search's wall-time budget, or another stop condition met elsewhere, stops the stack. */
    private void stopIfSearchStopped(List<RunningTrial> stack) {
        try {
            if (stopConditions.enforceWallTime(stack.get(0).claim.searchId())) {
                stack.forEach(t -> t.stop(StopReason.CANCELLED));
            }
        } catch (RuntimeException e) {
            log.warn("stop conditions of search {} not checked: {}", stack.get(0).claim.searchId(), e.toString());
        }
    }

    /**
     * Trials resuming from their checkpoints are judged again at its epoch, now against every trial that has reached
     * it since they paused there: those that no longer make the cut end PRUNED without training on (successive
     * halving then keeps what the synchronous rule would). Returns the others. A failing judgement prunes nothing.
     */
    private List<RunningTrial> judgeAgain(List<RunningTrial> claimed, EarlyStopping rule, List<String> outcomes) {
        ClaimedTrial first = claimed.get(0).claim;
        Map<Long, String> prune;
        try {
            prune = pruner.decide(rule, first.searchId(), first.startEpoch(),
                    claimed.stream().map(t -> t.claim.trialId()).toList());
        } catch (RuntimeException e) {
            log.warn("resumed trials of search {} not judged again at epoch {}: {}", first.searchId(),
                    first.startEpoch(), e.toString());
            return claimed;
        }
        List<RunningTrial> goOn = new ArrayList<>(claimed.size());
        for (RunningTrial t : claimed) {
            String reason = prune.get(t.claim.trialId());
            if (reason == null) {
                goOn.add(t);
            } else {
                outcomes.add(queue.pruneAtCheckpoint(t.claim, reason + " (judged again when it was to go on)")
                        ? "pruned" : "lost");
            }
        }
        return goOn;
    }

    /**
     * Early stopping at an epoch's end, once every trial of the stack has stored the epoch: the stack's trials are
     * judged together against what the database holds (this stack and every other trial of the search), so a
     * pruned trial stops alone while its stack-mates go on. A failing judgement prunes nothing.
     */
    private void judge(List<RunningTrial> stack, EarlyStopping rule, int epoch) {
        List<Long> judged = new ArrayList<>();
        for (RunningTrial t : stack) {
            if (!t.stopRequested() && t.lastEpoch != null && t.lastEpoch.epoch() == epoch
                    && rule.decidesAt(epoch, t.claim.parameters().epochs())) {
                judged.add(t.claim.trialId());
            }
        }
        if (judged.isEmpty()) {
            return;
        }
        try {
            Map<Long, String> prune = pruner.decide(rule, stack.get(0).claim.searchId(), epoch, judged);
            boolean pauses = rule.pausesAt(epoch, stack.get(0).claim.parameters().epochs());
            for (RunningTrial t : stack) {
                String reason = prune.get(t.claim.trialId());
                if (reason != null) {
                    t.prune(reason);
                } else if (pauses && judged.contains(t.claim.trialId())) {
                    t.pause();
                }
            }
        } catch (RuntimeException e) {
            log.warn("early stopping of trials {} at epoch {} not decided: {}", judged, epoch, e.toString());
        }
    }

    private String record(RunningTrial trial, TrainingOutcome result, double seconds) {
        ClaimedTrial c = trial.claim;
        switch (result.status()) {
            case SUCCEEDED:
                // its search's target is checked once the completion is committed (StopConditions)
                return queue.complete(c, result.result()) ? "succeeded" : "lost";
            case FAILED:
                return queue.fail(c, result.reason()) ? "failed" : "lost";
            default:
                if (trial.stopReason() == StopReason.SHUTDOWN) {
                    return "released"; // the pool returns it to the queue
                }
                if (trial.stopReason() == StopReason.PRUNED) {
                    return queue.prune(c, trial.lastEpoch, trial.pruneReason) ? "pruned" : "lost";
                }
                if (trial.stopReason() == StopReason.PAUSED) {
                    if (result.checkpoint() == null || result.epochsCompleted() != trial.lastEpoch.epoch()) {
                        throw new IllegalStateException("trial " + c.trialId() + " paused without its checkpoint");
                    }
                    return queue.pause(c, trial.lastEpoch, result.checkpoint(), seconds) ? "paused" : "lost";
                }
                // cancelled, or lost: the write is fenced, so it only lands if the trial is still ours
                return queue.cancelled(c) ? "cancelled" : "lost";
        }
    }
}
