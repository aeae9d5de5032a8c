package io.hypergrid.search;

import io.hypergrid.training.EpochMetrics;
import io.hypergrid.training.TrainingResult;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jakarta.persistence.EntityManager;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The trial table as a work queue (design §3): atomic claims, heartbeats and the reaper on the database clock, and
 * writes fenced by (owner, attempt) so that a worker that lost a trial can neither add epochs to it nor finish it.
 * The only way the execution side touches trials.
 */
@Service
public class TrialQueue {
    /** How many pending trials one claim looks at: enough to skip those of searches at their parallel limit. */
    private static final int CANDIDATES = 32;

    private final TrialRepository trials;
    private final SearchRepository searches;
    private final EpochMetricRepository epochs;
    private final TrialWeightsStore weights;
    private final EntityManager entityManager;
    private final JdbcTemplate jdbc;

    private final boolean skipLocked;

    public TrialQueue(TrialRepository trials, SearchRepository searches, EpochMetricRepository epochs,
                      TrialWeightsStore weights, EntityManager entityManager, javax.sql.DataSource dataSource,
                      JdbcTemplate jdbc) {
        this.trials = trials;
        this.searches = searches;
        this.epochs = epochs;
        this.weights = weights;
        this.entityManager = entityManager;
        this.jdbc = jdbc;
        this.skipLocked = isPostgres(dataSource);
    }

    /** PostgreSQL gets FOR UPDATE SKIP LOCKED; elsewhere the portable conditional update alone (design §3). */
    private static boolean isPostgres(javax.sql.DataSource dataSource) {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }

    /** Claims the oldest pending trial of a ready data set, or nothing. */
    @Transactional
    public Optional<ClaimedTrial> claim(String owner, Collection<String> readyDatasets) {
        return claimStack(owner, readyDatasets, 1).stream().findFirst();
    }

    /**
     * Claims the oldest pending trial of a ready data set and up to {@code stackSize - 1} pending trials of the same
     * search that can train stacked with it (same data set, split, batch size, epochs, seed, shuffle, loss and
     * dtype), within the search's parallel limit. Empty when there is nothing to claim.
     */
    @Transactional
    public List<ClaimedTrial> claimStack(String owner, Collection<String> readyDatasets, int stackSize) {
        if (readyDatasets.isEmpty()) {
            return List.of();
        }
        PageRequest page = PageRequest.of(0, CANDIDATES);
        List<Trial> candidates = skipLocked ? trials.lockPending(readyDatasets, page) : trials.findPending(readyDatasets, page);
        for (Trial first : candidates) {
            Search search = searches.findById(first.searchId).orElseThrow();
            int room = stackSize;
            if (search.getMaxParallelTrials() != null) {
                // count and claim under the search's row lock: the limit holds across instances, not per instance
                searches.lockById(first.searchId);
                long running = trials.countBySearchIdAndState(first.searchId, TrialState.RUNNING);
                room = (int) Math.min(room, search.getMaxParallelTrials() - running);
                if (room <= 0) {
                    continue;
                }
            }
            List<ClaimedTrial> claimed = new ArrayList<>();
            claimOne(first, owner, claimed);
            if (claimed.isEmpty()) {
                continue; // another worker was quicker
            }
            if (room > 1) {
                PageRequest mates = PageRequest.of(0, room - 1);
                List<Trial> more = skipLocked
                        ? trials.lockStackMates(first.searchId, first.id, first.parameters, mates)
                        : trials.findStackMates(first.searchId, first.id, first.parameters, mates);
                for (Trial t : more) {
                    claimOne(t, owner, claimed);
                }
            }
            return claimed;
        }
        return List.of();
    }

    private void claimOne(Trial t, String owner, List<ClaimedTrial> into) {
        if (trials.claim(t.id, t.version, owner) == 1) {
            epochs.deleteByTrial(t.id); // curves of an earlier attempt
            weights.delete(t.id);
            into.add(new ClaimedTrial(t.id, t.searchId, t.gridIndex, owner, t.attempt, t.parameters));
        }
    }

    /** One trial's metrics of one epoch, stored with its stack-mates' by {@link #recordEpochs}. */
    public record EpochRecord(ClaimedTrial trial, EpochMetrics metrics) {
    }

    /**
     * Stores one epoch of a stack's trials in one transaction of two JDBC batches: each trial's progress, fenced by
     * (owner, attempt), then an epoch row for each trial still owned (the update holds its row lock until commit).
     * Plain JDBC, not the ORM: a stack of 16 trials writes every epoch, and per-row repository calls cost 10 % of a
     * grid's wall time (measured with the assignment's grid). Returns the ids of the trials the worker no longer
     * owns: they must stop.
     */
    @Transactional
    public Set<Long> recordEpochs(List<EpochRecord> records) {
        if (records.isEmpty()) {
            return Set.of();
        }
        int[][] progressed = jdbc.batchUpdate("update trial set epochs_done = ?, heartbeat_at = current_timestamp"
                + " where id = ? and owner = ? and attempt = ? and state = 'RUNNING'", records, records.size(),
                (ps, r) -> {
                    ps.setInt(1, r.metrics().epoch());
                    ps.setLong(2, r.trial().trialId());
                    ps.setString(3, r.trial().owner());
                    ps.setInt(4, r.trial().attempt());
                });
        List<EpochRecord> owned = new ArrayList<>(records.size());
        Set<Long> lost = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            if (progressed[0][i] == 1) {
                owned.add(records.get(i));
            } else {
                lost.add(records.get(i).trial().trialId());
            }
        }
        if (!owned.isEmpty()) {
            jdbc.batchUpdate("insert into epoch_metric (trial_id, epoch, eta, train_loss, train_cost, train_accuracy,"
                    + " validation_loss, validation_cost, validation_accuracy, seconds) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    owned, owned.size(), (ps, r) -> {
                        EpochMetrics m = r.metrics();
                        ps.setLong(1, r.trial().trialId());
                        ps.setInt(2, m.epoch());
                        if (m.eta() == null) {
                            ps.setNull(3, Types.DOUBLE);
                        } else {
                            ps.setDouble(3, m.eta());
                        }
                        ps.setDouble(4, m.train().loss());
                        ps.setDouble(5, m.train().cost());
                        ps.setDouble(6, m.train().accuracy());
                        ps.setDouble(7, m.validation().loss());
                        ps.setDouble(8, m.validation().cost());
                        ps.setDouble(9, m.validation().accuracy());
                        ps.setDouble(10, m.seconds());
                    });
        }
        return lost;
    }

    /**
     * Stores the result and the final weights; false (and nothing stored) when the completion was rejected because
     * the worker lost the trial.
     */
    @Transactional
    public boolean complete(ClaimedTrial c, TrainingResult r) {
        TrialView.Metrics m = new TrialView.Metrics(r.train().accuracy(), r.train().loss(), r.train().cost(),
                r.validation().accuracy(), r.validation().loss(), r.validation().cost(), r.test().accuracy(),
                r.test().loss(), r.test().cost());
        String perClass = Arrays.stream(r.testClassAccuracy())
                .mapToObj(v -> Double.isFinite(v) ? Double.toString(v) : "null")
                .collect(Collectors.joining(",", "[", "]"));
        String confusion = Arrays.stream(r.confusion())
                .map(row -> Arrays.stream(row).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]")))
                .collect(Collectors.joining(",", "[", "]"));
        if (trials.complete(c.trialId(), c.owner(), c.attempt(), m, perClass, confusion, r.trainingSeconds()) != 1) {
            return false;
        }
        if (r.weights() != null) {
            // the result's weights are W (K x d) then b (K); K is the confusion matrix's size
            int classes = r.confusion().length;
            weights.save(c.trialId(), classes, (r.weights().length - classes) / classes, r.weights());
        }
        return true;
    }

    /**
     * Stops the search when a completed trial reached its target validation accuracy. A transaction of its own,
     * after the completion's: it takes no lock while holding the completed trial's row.
     */
    @Transactional
    public void enforceTarget(ClaimedTrial c, double validationAccuracy) {
        Search search = searches.findById(c.searchId()).orElseThrow();
        Double target = search.getTargetValidationAccuracy();
        if (target != null && validationAccuracy >= target && search.getStopReason() == null) {
            stop(c.searchId(), String.format(java.util.Locale.ROOT, "target validation accuracy %s reached by"
                    + " trial %d (%.4f)", target, c.trialId(), validationAccuracy));
        }
    }

    /**
     * Stops the search when its wall-time budget (from its first trial's start, on the database clock) is used up.
     *
     * @return whether the search is stopped (now or before)
     */
    @Transactional
    public boolean enforceWallTime(Long searchId) {
        Search search = searches.findById(searchId).orElseThrow();
        if (search.getStopReason() != null) {
            return true;
        }
        if (search.getMaxWallSeconds() == null) {
            return false;
        }
        Instant started = trials.firstStarted(searchId);
        if (started == null) {
            return false;
        }
        double seconds = Duration.between(started, databaseNow()).toMillis() / 1000.0;
        if (seconds < search.getMaxWallSeconds()) {
            return false;
        }
        return stop(searchId, "wall-time budget of " + search.getMaxWallSeconds() + " s used up");
    }

    /** The reaper's pass over searches with a wall-time budget. */
    @Transactional
    public int enforceWallTimes() {
        int stopped = 0;
        for (Long id : trials.searchesWithBudgets()) {
            stopped += enforceWallTime(id) ? 1 : 0;
        }
        return stopped;
    }

    /**
     * A search-level stop condition was met: pending trials are cancelled, then the reason is recorded on the search
     * unless it already ended otherwise (a conditional update: two instances cannot both record one). Running trials
     * stop at their next epoch end or heartbeat (their worker sees the reason); the search ends SUCCEEDED if any
     * trial succeeded. Trial rows before the search's row, the order of a claim, so the two cannot deadlock.
     */
    private boolean stop(Long searchId, String reason) {
        trials.cancelPending(searchId, "search stopped: " + reason);
        searches.stop(searchId, reason);
        return true;
    }

    /** Whether the search was stopped by one of its conditions (its running trials must stop). */
    @Transactional(readOnly = true)
    public boolean stopped(Long searchId) {
        return searches.findById(searchId).map(s -> s.getStopReason() != null).orElse(true);
    }

    /** Fails a trial with its reason; fails the search too when its failed trials pass its limit. */
    @Transactional
    public boolean fail(ClaimedTrial c, String reason) {
        String shortReason = reason.length() > 1000 ? reason.substring(0, 997) + "..." : reason;
        boolean done = trials.finish(c.trialId(), c.owner(), c.attempt(), TrialState.FAILED, shortReason) == 1;
        if (done) {
            enforceFailureLimit(c.searchId());
        }
        return done;
    }

    /**
     * Ends a trial as PRUNED by its search's early-stopping rule, with the metrics of the epoch it stopped at as its
     * results (no test evaluation); fenced by (owner, attempt) like every terminal write.
     */
    @Transactional
    public boolean prune(ClaimedTrial c, EpochMetrics last, String reason) {
        return trials.prune(c.trialId(), c.owner(), c.attempt(), last.epoch(), last.train().accuracy(),
                last.train().loss(), last.train().cost(), last.validation().accuracy(), last.validation().loss(),
                last.validation().cost(), reason) == 1;
    }

    @Transactional
    public boolean cancelled(ClaimedTrial c) {
        String stopped = searches.findById(c.searchId()).map(Search::getStopReason).orElse(null);
        return trials.finish(c.trialId(), c.owner(), c.attempt(), TrialState.CANCELLED,
                stopped == null ? "cancelled" : "search stopped: " + stopped) == 1;
    }

    /**
     * Renews the heartbeat of the trials this owner is training ({@code running}), and says which of them it must
     * stop: taken over by another worker, finished elsewhere, or cancelled.
     */
    @Transactional
    public List<Long> heartbeat(String owner, Collection<Long> running) {
        if (running.isEmpty()) {
            return List.of();
        }
        trials.heartbeat(owner, running);
        return trials.toStop(running, owner);
    }

    /** Graceful shutdown: this owner's running trials go back to pending. */
    @Transactional
    public int release(String owner) {
        return trials.release(owner);
    }

    /**
     * Returns running trials whose heartbeat is older than the lease to pending (attempt + 1), or fails them when
     * their attempts are used up. The cut-off is taken from the database clock, like the heartbeats.
     *
     * @return trials requeued and trials failed
     */
    @Transactional
    public int[] reap(Duration lease, int maxAttempts) {
        Instant cutoff = databaseNow().minus(lease);
        int requeued = trials.requeueStale(cutoff, maxAttempts);
        List<Long> affected = trials.staleSearches(cutoff, maxAttempts);
        int failed = trials.failStale(cutoff, maxAttempts,
                "lost its worker " + maxAttempts + " times (no heartbeat for " + lease.toSeconds() + " s)");
        affected.forEach(this::enforceFailureLimit);
        return new int[] {requeued, failed};
    }

    public long count(TrialState state) {
        return trials.countByState(state);
    }

    Instant databaseNow() {
        Object now = entityManager.createNativeQuery("select current_timestamp").getSingleResult();
        if (now instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (now instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (now instanceof Instant i) {
            return i;
        }
        throw new IllegalStateException("unexpected database time type " + now.getClass());
    }

    private void enforceFailureLimit(Long searchId) {
        Search search = searches.findById(searchId).orElseThrow();
        if (search.getMaxFailedTrials() == null || search.getFailureReason() != null) {
            return;
        }
        long failed = trials.countBySearchIdAndState(searchId, TrialState.FAILED);
        if (failed > search.getMaxFailedTrials()) {
            search.setFailureReason(failed + " trials failed, above the search's limit of " + search.getMaxFailedTrials());
            trials.cancelPending(searchId, "search failed: too many failed trials");
        }
    }
}
