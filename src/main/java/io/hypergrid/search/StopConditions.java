package io.hypergrid.search;

import io.hypergrid.search.queue.TrialFailed;
import io.hypergrid.search.queue.TrialQueue;
import io.hypergrid.search.queue.TrialSucceeded;
import io.hypergrid.search.trial.TrialState;
import io.hypergrid.search.trial.Trials;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A search's own conditions for ending early: its target validation accuracy, its wall-time budget (on the database
 * clock, from its first trial's start) and its limit of failed trials. Each is checked in a transaction of its own
 * after the write that may have met it, so it never takes the search's lock while holding a trial's row.
 */
@Service
public class StopConditions {
    private final SearchRepository searches;
    private final TrialQueue queue;
    private final Trials trials;

    StopConditions(SearchRepository searches, TrialQueue queue, Trials trials) {
        this.searches = searches;
        this.queue = queue;
        this.trials = trials;
    }

    /** A completed trial that reached the target stops its search. */
    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void onSucceeded(TrialSucceeded event) {
        Search search = searches.findById(event.searchId()).orElseThrow();
        Double target = search.getTargetValidationAccuracy();
        if (target != null && event.validationAccuracy() >= target && search.getStopReason() == null) {
            stop(event.searchId(), String.format(Locale.ROOT, "target validation accuracy %s reached by trial %d"
                    + " (%.4f)", target, event.trialId(), event.validationAccuracy()));
        }
    }

    /** More failed trials than the search allows fail the search, and cancel what it has pending. */
    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void onFailed(TrialFailed event) {
        Search search = searches.findById(event.searchId()).orElseThrow();
        if (search.getMaxFailedTrials() == null || search.getFailureReason() != null) {
            return;
        }
        long failed = trials.progress(List.of(event.searchId())).get(event.searchId()).count(TrialState.FAILED);
        if (failed > search.getMaxFailedTrials()) {
            search.setFailureReason(failed + " trials failed, above the search's limit of " + search.getMaxFailedTrials());
            searches.saveAndFlush(search);
            queue.cancelPending(event.searchId(), "search failed: too many failed trials");
        }
    }

    /**
     * Stops the search when its wall-time budget is used up.
     *
     * @return whether the search is stopped (now or before): its running trials must stop
     */
    @Transactional
    public boolean enforceWallTime(Long searchId) {
        Search search = searches.findById(searchId).orElse(null);
        if (search == null || search.getStopReason() != null) {
            return true;
        }
        if (search.getMaxWallSeconds() == null) {
            return false;
        }
        Instant started = trials.progress(List.of(searchId)).get(searchId).startedAt();
        if (started == null) {
            return false;
        }
        double seconds = Duration.between(started, queue.databaseNow()).toMillis() / 1000.0;
        if (seconds < search.getMaxWallSeconds()) {
            return false;
        }
        return stop(searchId, "wall-time budget of " + search.getMaxWallSeconds() + " s used up");
    }

    /** Searches with a wall-time budget that still have trials to run. */
    @Transactional(readOnly = true)
    public List<Long> withBudgets() {
        return searches.withBudgets();
    }

    /**
     * A stop condition was met: pending trials are cancelled, then the reason is recorded on the search unless it
     * already ended otherwise (a conditional update: two instances cannot both record one). Running trials stop at
     * their next epoch end or heartbeat; the search ends SUCCEEDED if any trial succeeded. Trial rows before the
     * search's row, the order of a claim, so the two cannot deadlock.
     */
    private boolean stop(Long searchId, String reason) {
        queue.cancelPending(searchId, "search stopped: " + reason);
        searches.stop(searchId, reason);
        return true;
    }
}
