package io.hypergrid.search.queue;

import io.hypergrid.Requests;
import io.hypergrid.search.SearchService;
import io.hypergrid.search.SearchState;
import io.hypergrid.search.SearchStatus;
import io.hypergrid.search.trial.TrialState;
import io.hypergrid.search.trial.TrialWeights;
import io.hypergrid.search.trial.Trials;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.training.EpochMetrics;
import io.hypergrid.training.SetMetrics;
import io.hypergrid.training.TrainingResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queue's guarantees, with no workers of the application running; run on H2 ({@link TrialQueueTest}) and on
 * PostgreSQL ({@link PostgresTrialQueueIT}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.execution.enabled=false"})
abstract class TrialQueueContract {
    private static final Set<String> READY = Set.of("synthetic");

    @Autowired
    TrialQueue queue;
    @Autowired
    SearchService searches;
    @Autowired
    JdbcTemplate db;
    @Autowired
    Trials trials;

    @org.junit.jupiter.api.BeforeEach
    void emptyQueue() {
        db.update("delete from epoch_metric");
        db.update("delete from trial_weights");
        db.update("delete from trial_checkpoint");
        db.update("delete from trial");
        db.update("delete from search");
    }

    private long submit(int lambdas) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < lambdas; i++) {
            values.add(i * 0.001);
        }
        return searches.submit(Requests.grid("q", "synthetic", Map.of("lambda", values), Map.of("epochs", 2))).id();
    }

    private static TrainingResult result(double accuracy) {
        SetMetrics m = new SetMetrics(1, 1, accuracy);
        double[] weights = new double[10 * 3072 + 10];
        java.util.Arrays.fill(weights, accuracy); // tells whose weights were stored
        return new TrainingResult(m, m, m, new double[10], new int[10][10], List.of(), weights, 1, 1);
    }

    /**
     * The proposal seam under concurrency: 8 claimers (own connections and transactions, as separate instances
     * would be) train a search whose strategy proposes its points at claim time. It gets exactly the trials it asked
     * for, each point once per repeat, in the order and with the seeds of the same search planned at submit.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"random", "grid"})
    void proposalsAtClaimTimeGiveExactlyTheTrialsAskedForOnceEach(String strategy) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "proposed", "dataset", "synthetic",
                "fixed", Map.of("epochs", 2), "repeats", 2));
        if (strategy.equals("random")) {
            body.put("grid", Map.of("lambda", Map.of("min", 0, "max", 1), "eta", Map.of("min", 1e-4, "max", 0.1,
                    "scale", "log"), "batchSize", List.of(10, 100)));
            body.put("strategy", Map.of("type", "random", "trials", 30, "seed", 7));
        } else {
            body.put("grid", Map.of("lambda", List.of(0, 0.1, 0.2, 0.3, 0.4), "eta", List.of(0.01, 0.001, 0.1),
                    "batchSize", List.of(10, 100)));
        }
        List<Proposing.Row> expected = new ArrayList<>();
        long search = Proposing.submit(searches, db, Requests.from(body), expected);
        assertThat(expected).hasSize(60);
        assertThat(db.queryForObject("select count(*) from trial where search_id = ?", Long.class, search)).isZero();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < 8; w++) {
            String owner = "instance-" + w;
            pool.execute(() -> {
                try {
                    start.await();
                    int idle = 0;
                    while (idle < 20) { // others may hold the last proposals a moment longer
                        List<ClaimedTrial> stack = queue.claimStack(owner, READY, 3);
                        idle = stack.isEmpty() ? idle + 1 : 0;
                        for (ClaimedTrial c : stack) {
                            assertThat(queue.complete(c, result(0.5))).isTrue();
                        }
                        if (stack.isEmpty()) {
                            Thread.sleep(5);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();

        assertThat(failures).isEmpty();
        assertThat(Proposing.rows(db, search)).isEqualTo(expected);
        assertThat(db.queryForList("select distinct completions from trial where search_id = ?", Integer.class, search))
                .containsExactly(1);
        assertThat(db.queryForObject("select proposing from search where id = ?", Boolean.class, search)).isFalse();
        assertThat(searches.status(search).orElseThrow().state()).isEqualTo(SearchState.SUCCEEDED);
    }

    private static final Map<String, Object> TPE_SEARCH = Map.of("name", "tpe", "dataset", "synthetic",
            "grid", Map.of("lambda", Map.of("min", 0, "max", 1), "eta", Map.of("min", 1e-4, "max", 0.1, "scale", "log"),
                    "batchSize", List.of(10, 100)),
            "fixed", Map.of("epochs", 2), "strategy", Map.of("type", "tpe", "trials", 24, "seed", 11, "startupTrials", 6));

    /** A synthetic objective of the trial's parameters: what a TPE search learns from. */
    private static double value(ClaimedTrial c) {
        double e = Math.log10(c.parameters().eta()) + 2;
        return 1 - e * e / 4 - Math.abs(c.parameters().lambda() - 0.1) - (c.parameters().batchSize() == 100 ? 0 : 0.2);
    }

    /**
     * TPE with two workers (own connections and transactions) claiming stacks of 3: every point is proposed at claim
     * time under the search's row lock; the search gets exactly its 24 trials, each point once, each completed once.
     */
    @Test
    void aTpeSearchGetsExactlyItsTrialsWithTwoWorkers() throws Exception {
        long search = searches.submit(Requests.from(TPE_SEARCH)).id();
        assertThat(db.queryForObject("select count(*) from trial where search_id = ?", Long.class, search)).isZero();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < 2; w++) {
            String owner = "worker-" + w;
            pool.execute(() -> {
                try {
                    int idle = 0;
                    while (idle < 20) {
                        List<ClaimedTrial> stack = queue.claimStack(owner, READY, 3);
                        idle = stack.isEmpty() ? idle + 1 : 0;
                        for (ClaimedTrial c : stack) {
                            Thread.sleep(1); // the other worker proposes while these run
                            assertThat(queue.complete(c, result(value(c)))).isTrue();
                        }
                        if (stack.isEmpty()) {
                            Thread.sleep(5);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();

        assertThat(failures).isEmpty();
        List<Proposing.Row> rows = Proposing.rows(db, search);
        assertThat(rows).hasSize(24);
        assertThat(rows.stream().map(r -> List.of(r.lambda(), r.eta(), r.batchSize())).distinct()).hasSize(24);
        assertThat(rows.stream().map(Proposing.Row::configIndex).distinct()).hasSize(24);
        assertThat(db.queryForList("select distinct completions from trial where search_id = ?", Integer.class, search))
                .containsExactly(1);
        assertThat(db.queryForObject("select proposing from search where id = ?", Boolean.class, search)).isFalse();
        assertThat(searches.status(search).orElseThrow().state()).isEqualTo(SearchState.SUCCEEDED);
    }

    /** Same request, one worker: the same sequence of points, also with a pruned and a failed trial on the way. */
    @Test
    void aTpeSearchWithOneWorkerProposesTheSamePointsAgain() {
        List<List<Proposing.Row>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            long search = searches.submit(Requests.from(TPE_SEARCH)).id();
            int n = 0;
            for (Optional<ClaimedTrial> c = queue.claim("one", READY); c.isPresent(); c = queue.claim("one", READY)) {
                if (n == 7) {
                    queue.fail(c.get(), "diverged");
                } else if (n == 8) {
                    SetMetrics m = new SetMetrics(1, 1, 0.99);
                    queue.prune(c.get(), new EpochMetrics(1, 0.001, m, m, 0.1), "below the median");
                } else {
                    queue.complete(c.get(), result(value(c.get())));
                }
                n++;
            }
            assertThat(n).isEqualTo(24);
            runs.add(Proposing.rows(db, search));
        }
        assertThat(runs.get(1)).hasSize(24).isEqualTo(runs.get(0));
    }

    @Test
    void aFinishedSearchsSummaryFollowsItsRetry() {
        long search = submit(2);
        queue.complete(queue.claim("a", READY).orElseThrow(), result(0.5));
        queue.fail(queue.claim("a", READY).orElseThrow(), "boom");
        SearchStatus done = searches.status(search).orElseThrow();
        assertThat(done.state()).isEqualTo(SearchState.SUCCEEDED);
        assertThat(searches.list(org.springframework.data.domain.PageRequest.of(0, 5)).getContent().get(0).trials()
                .get(TrialState.FAILED)).isEqualTo(1); // read once more: the finished search's summary is kept

        searches.retry(search);

        SearchStatus retried = searches.status(search).orElseThrow();
        assertThat(retried.state()).isEqualTo(SearchState.RUNNING);
        assertThat(retried.trials().get(TrialState.PENDING)).isEqualTo(1);
        assertThat(retried.trials().get(TrialState.FAILED)).isZero();
        assertThat(searches.list(org.springframework.data.domain.PageRequest.of(0, 5)).getContent().get(0).trials()
                .get(TrialState.PENDING)).isEqualTo(1);
    }

    @Test
    void aSearchThatStillProposesIsRunningNotFinished() {
        List<Proposing.Row> expected = new ArrayList<>();
        long search = Proposing.submit(searches, db, Requests.grid("p", "synthetic",
                Map.of("lambda", List.of(0, 0.1, 0.2)), Map.of("epochs", 2)), expected);
        assertThat(searches.status(search).orElseThrow().state()).isEqualTo(SearchState.PENDING);
        ClaimedTrial first = queue.claim("a", READY).orElseThrow();
        queue.complete(first, result(0.5));
        // one trial succeeded, none pending, two still to propose: running, not succeeded
        assertThat(searches.status(search).orElseThrow().state()).isEqualTo(SearchState.RUNNING);
        searches.cancel(search);
        assertThat(queue.claim("a", READY)).isEmpty(); // a cancelled search proposes nothing more
        assertThat(searches.status(search).orElseThrow().state()).isEqualTo(SearchState.CANCELLED);
    }

    @Test
    void concurrentClaimsNeverHandOutATrialTwice() throws Exception {
        long search = submit(200);
        List<ClaimedTrial> claimed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        for (int w = 0; w < 8; w++) {
            String owner = "worker-" + w;
            pool.execute(() -> {
                try {
                    start.await();
                    Optional<ClaimedTrial> c;
                    while ((c = queue.claim(owner, READY)).isPresent()) {
                        claimed.add(c.get());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(claimed).hasSize(200);
        assertThat(claimed.stream().map(ClaimedTrial::trialId).distinct().count()).isEqualTo(200);
        assertThat(db.queryForList("select distinct claims from trial where search_id = ?", Integer.class, search))
                .containsExactly(1);
        assertThat(db.queryForObject("select count(distinct owner) from trial where search_id = ?", Integer.class, search))
                .isGreaterThan(1);
    }

    @Test
    void aStacksEpochIsStoredTogetherAndOnlyForTheTrialsStillOwned() {
        long search = submit(3);
        List<ClaimedTrial> stack = queue.claimStack("a", READY, 3);
        assertThat(stack).hasSize(3);
        assertThat(queue.recordEpochs(stack.stream().map(c -> new EpochRecord(c, epoch(0))).toList())).isEmpty();
        // the second trial is taken over: cancelled in between, say
        db.update("update trial set state = 'CANCELLED' where id = ?", stack.get(1).trialId());
        Set<Long> lost = queue.recordEpochs(stack.stream().map(c -> new EpochRecord(c, epoch(1))).toList());

        assertThat(lost).containsExactly(stack.get(1).trialId());
        assertThat(db.queryForList("select epoch from epoch_metric where trial_id = ? order by epoch", Integer.class,
                stack.get(0).trialId())).containsExactly(0, 1);
        assertThat(db.queryForList("select epoch from epoch_metric where trial_id = ? order by epoch", Integer.class,
                stack.get(1).trialId())).containsExactly(0);
        assertThat(db.queryForList("select epochs_done from trial where search_id = ? order by grid_index", Integer.class,
                search)).containsExactly(1, 0, 1);
        assertThat(db.queryForObject("select eta from epoch_metric where trial_id = ? and epoch = 0", Double.class,
                stack.get(2).trialId())).isNull();
        // each row says who wrote it and when (the database clock)
        assertThat(db.queryForList("select distinct written_by from epoch_metric", String.class)).containsExactly("a");
        assertThat(db.queryForObject("select count(*) from epoch_metric where written_at is null"
                + " or written_at > current_timestamp", Integer.class)).isZero();
    }

    @Test
    void theHeartbeatKeepsAliveOnlyTheTrialsStillTraining() {
        submit(2);
        List<ClaimedTrial> stack = queue.claimStack("a", READY, 2);
        assertThat(stack).hasSize(2);
        java.sql.Timestamp old = java.sql.Timestamp.from(queue.databaseNow().minus(Duration.ofMinutes(5)));
        for (ClaimedTrial c : stack) {
            db.update("update trial set heartbeat_at = ? where id = ?", old, c.trialId());
        }
        // the worker still trains the first; it let go of the second without a final write (database away)
        assertThat(queue.heartbeat("a", List.of(stack.get(0).trialId()))).isEmpty();
        assertThat(queue.reap(Duration.ofSeconds(60), 3)).containsExactly(1, 0);
        assertThat(db.queryForObject("select state from trial where id = ?", String.class, stack.get(0).trialId()))
                .isEqualTo("RUNNING");
        assertThat(db.queryForObject("select state from trial where id = ?", String.class, stack.get(1).trialId()))
                .isEqualTo("PENDING");
    }

    @Test
    void aCompletionFromAWorkerWhoseLeaseWasTakenOverIsRejected() {
        long search = submit(1);
        ClaimedTrial first = queue.claim("a", READY).orElseThrow();
        assertThat(queue.recordEpochs(List.of(new EpochRecord(first, epoch(0))))).isEmpty();
        // worker a goes silent: its heartbeat ages past the lease, the reaper hands the trial back
        db.update("update trial set heartbeat_at = ? where id = ?",
                java.sql.Timestamp.from(queue.databaseNow().minus(Duration.ofMinutes(5))), first.trialId());
        assertThat(queue.reap(Duration.ofSeconds(60), 3)).containsExactly(1, 0);
        ClaimedTrial second = queue.claim("b", READY).orElseThrow();
        assertThat(second.trialId()).isEqualTo(first.trialId());
        assertThat(second.attempt()).isEqualTo(2);

        assertThat(queue.recordEpochs(List.of(new EpochRecord(first, epoch(1)))))
                .containsExactly(first.trialId());
        assertThat(queue.complete(first, result(0.11))).isFalse();
        assertThat(queue.fail(first, "late")).isFalse();
        assertThat(queue.heartbeat("a", List.of(first.trialId()))).containsExactly(first.trialId());
        assertThat(queue.complete(second, result(0.77))).isTrue();
        assertThat(queue.complete(second, result(0.99))).isFalse(); // a duplicate finisher changes nothing

        Map<String, Object> row = db.queryForMap("select state, validation_accuracy, completions, claims, attempt"
                + " from trial where id = ?", first.trialId());
        assertThat(row.get("STATE")).isEqualTo("SUCCEEDED");
        assertThat(row.get("VALIDATION_ACCURACY")).isEqualTo(0.77);
        assertThat(row.get("COMPLETIONS")).isEqualTo(1);
        assertThat(row.get("CLAIMS")).isEqualTo(2);
        assertThat(db.queryForObject("select count(*) from epoch_metric where trial_id = ?", Long.class,
                first.trialId())).isZero(); // the first attempt's curve was cleared, its late epoch refused
        assertThat(searches.status(search).orElseThrow().state()).isEqualTo(SearchState.SUCCEEDED);
        // the weights too are those of the one accepted completion
        TrialWeights w = trials.weights(first.trialId());
        assertThat(w.classes()).isEqualTo(10);
        assertThat(w.features()).isEqualTo(3072);
        assertThat(w.w()).containsOnly(0.77f);
        assertThat(w.b()).containsOnly(0.77f);
    }

    @Test
    void aTrialWhoseWorkerIsLostTooOftenFailsWithTheReason() {
        long search = submit(1);
        for (int attempt = 1; attempt <= 2; attempt++) {
            ClaimedTrial c = queue.claim("w" + attempt, READY).orElseThrow();
            assertThat(c.attempt()).isEqualTo(attempt);
            db.update("update trial set heartbeat_at = ? where id = ?",
                    java.sql.Timestamp.from(queue.databaseNow().minus(Duration.ofMinutes(5))), c.trialId());
            queue.reap(Duration.ofSeconds(60), 2);
        }
        Map<String, Object> row = db.queryForMap("select state, failure_reason from trial where search_id = ?", search);
        assertThat(row.get("STATE")).isEqualTo("FAILED");
        assertThat((String) row.get("FAILURE_REASON")).contains("lost its worker 2 times");
    }

    @Test
    void releaseReturnsAnOwnersRunningTrialsToPending() {
        long search = submit(3);
        queue.claim("leaving", READY).orElseThrow();
        queue.claim("leaving", READY).orElseThrow();
        queue.claim("staying", READY).orElseThrow();

        assertThat(queue.release("leaving")).isEqualTo(2);

        assertThat(db.queryForObject("select count(*) from trial where search_id = ? and state = 'PENDING'",
                Integer.class, search)).isEqualTo(2);
        assertThat(db.queryForObject("select owner from trial where search_id = ? and state = 'RUNNING'",
                String.class, search)).isEqualTo("staying");
    }

    @Test
    void tooManyFailedTrialsFailTheSearchAndCancelWhatIsPending() {
        SearchStatus s = searches.submit(Requests.from(Map.of("name", "f", "dataset", "synthetic",
                "grid", Map.of("lambda", List.of(0, 0.1, 0.2, 0.3)), "limits", Map.of("maxFailedTrials", 1))));
        queue.fail(queue.claim("w", READY).orElseThrow(), "boom 1");
        assertThat(searches.status(s.id()).orElseThrow().state()).isEqualTo(SearchState.RUNNING);
        queue.fail(queue.claim("w", READY).orElseThrow(), "boom 2");

        SearchStatus after = searches.status(s.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(SearchState.FAILED);
        assertThat(after.failureReason()).contains("2 trials failed").contains("limit of 1");
        assertThat(after.trials().get(TrialState.CANCELLED)).isEqualTo(2);
    }

    /**
     * Successive halving's checkpoints: survivors of a rung pause with their weights and wait while their search has
     * other trials to start, then go on together, from their checkpoints, as one stack of one rung; a lost worker's
     * resumed trial goes back to its checkpoint, not to the start; the end of a trial drops its checkpoint.
     */
    @Test
    void survivorsPauseWithTheirWeightsAndGoOnTogetherOnceNothingElseWaits() {
        long search = submit(6);
        List<ClaimedTrial> stack = queue.claimStack("a", READY, 4);
        assertThat(stack).hasSize(4);
        for (int e = 0; e <= 2; e++) {
            int epoch = e;
            queue.recordEpochs(stack.stream().map(c -> new EpochRecord(c, epoch(epoch))).toList());
        }
        io.hypergrid.training.InitialWeights w0 = checkpoint(0.25f);
        io.hypergrid.training.InitialWeights w1 = checkpoint(-0.5f);
        assertThat(queue.pause(stack.get(0), epoch(2), w0, 1.5)).isTrue();
        assertThat(queue.pause(stack.get(1), epoch(2), w1, 1.5)).isTrue();
        assertThat(queue.pause(stack.get(1), epoch(2), w1, 1.5)).as("once").isFalse();
        assertThat(queue.prune(stack.get(2), epoch(2), "pruned at epoch 2")).isTrue();
        // a paused trial is pending, at its rung
        assertThat(db.queryForList("select state || ' ' || epochs_done || ' ' || checkpoint_epoch from trial where id in"
                + " (?, ?)", String.class, stack.get(0).trialId(), stack.get(1).trialId()))
                .containsOnly("PENDING 2 2");
        assertThat(trials.view(stack.get(0).trialId())).satisfies(v -> {
            assertThat(v.paused()).isTrue();
            assertThat(v.checkpointEpoch()).isEqualTo(2);
            assertThat(v.results().validationAccuracy()).isEqualTo(0.5);
        });

        // the two fresh trials go first, though younger
        List<ClaimedTrial> fresh = queue.claimStack("b", READY, 4);
        assertThat(fresh).extracting(ClaimedTrial::gridIndex).containsExactly(4, 5);
        assertThat(fresh).extracting(ClaimedTrial::startEpoch).containsOnly(0);
        // then nothing else waits: the survivors go on together, from their checkpoints, their curves kept
        List<ClaimedTrial> resumed = queue.claimStack("c", READY, 4);
        assertThat(resumed).extracting(ClaimedTrial::trialId)
                .containsExactly(stack.get(0).trialId(), stack.get(1).trialId());
        assertThat(resumed).extracting(ClaimedTrial::startEpoch).containsOnly(2);
        assertThat(queue.checkpoint(resumed.get(0)).values()).containsExactly(w0.values());
        assertThat(queue.checkpoint(resumed.get(1)).values()).containsExactly(w1.values());
        assertThat(db.queryForList("select epochs_done from trial where id = ?", Integer.class,
                resumed.get(0).trialId())).containsExactly(2);
        assertThat(db.queryForList("select epoch from epoch_metric where trial_id = ? order by epoch", Integer.class,
                resumed.get(0).trialId())).containsExactly(0, 1, 2);

        // a lost worker: back to the checkpoint, the epoch it added dropped at the next claim
        queue.recordEpochs(List.of(new EpochRecord(resumed.get(0), epoch(3))));
        db.update("update trial set heartbeat_at = ? where id = ?",
                java.sql.Timestamp.from(queue.databaseNow().minus(Duration.ofMinutes(5))), resumed.get(0).trialId());
        assertThat(queue.reap(Duration.ofSeconds(60), 3)).containsExactly(1, 0);
        assertThat(db.queryForObject("select epochs_done from trial where id = ?", Integer.class,
                resumed.get(0).trialId())).isEqualTo(2);
        ClaimedTrial again = queue.claim("d", READY).orElseThrow();
        assertThat(again.trialId()).isEqualTo(resumed.get(0).trialId());
        assertThat(again.startEpoch()).isEqualTo(2);
        assertThat(db.queryForList("select epoch from epoch_metric where trial_id = ? order by epoch", Integer.class,
                again.trialId())).containsExactly(0, 1, 2);
        assertThat(queue.complete(resumed.get(0), result(0.1))).as("the lost worker's completion").isFalse();

        // the end of a trial drops its checkpoint; judged again and pruned at its rung, it keeps the rung's results
        assertThat(queue.complete(again, result(0.6))).isTrue();
        assertThat(queue.pruneAtCheckpoint(resumed.get(1), "no longer in the top third")).isTrue();
        assertThat(db.queryForList("select state || ' ' || epochs_done from trial where id = ?", String.class,
                resumed.get(1).trialId())).containsExactly("PRUNED 2");
        assertThat(db.queryForObject("select count(*) from trial_checkpoint", Long.class)).isZero();
        assertThat(db.queryForObject("select claims from trial where id = ?", Integer.class, again.trialId()))
                .isEqualTo(3);
        assertThat(db.queryForObject("select completions from trial where id = ?", Integer.class, again.trialId()))
                .isEqualTo(1);
        assertThat(db.queryForObject("select training_seconds from trial where id = ?", Double.class,
                again.trialId())).as("the paused attempt's time and the last one's").isEqualTo(1.5 + 1);
        assertThat(searches.status(search).orElseThrow().trials().get(TrialState.PENDING)).isZero();
    }

    @Test
    void survivorsThatFillAStackGoOnAtOnceAndOnlyWithTheirOwnRung() {
        submit(8);
        List<ClaimedTrial> stack = queue.claimStack("a", READY, 4);
        queue.recordEpochs(stack.stream().map(c -> new EpochRecord(c, epoch(1))).toList());
        queue.pause(stack.get(0), epoch(1), checkpoint(1), 1);
        queue.pause(stack.get(1), epoch(1), checkpoint(2), 1);
        queue.recordEpochs(stack.subList(2, 4).stream().map(c -> new EpochRecord(c, epoch(3))).toList());
        queue.pause(stack.get(2), epoch(3), checkpoint(3), 1);
        queue.pause(stack.get(3), epoch(3), checkpoint(4), 1);

        // 4 fresh trials still wait, but the survivors of epoch 1 fill a stack of 2: they go on, without those of 3
        List<ClaimedTrial> rung = queue.claimStack("b", READY, 2);
        assertThat(rung).extracting(ClaimedTrial::trialId).containsExactly(stack.get(0).trialId(),
                stack.get(1).trialId());
        assertThat(queue.claimStack("c", READY, 2)).extracting(ClaimedTrial::trialId)
                .containsExactly(stack.get(2).trialId(), stack.get(3).trialId());
        assertThat(queue.claimStack("d", READY, 2)).extracting(ClaimedTrial::startEpoch).containsOnly(0);
    }

    /**
     * ASHA's promotion rule at claim time: until no trial can still reach its rung, a paused trial goes on only if it
     * is among the top floor(n / r) of the n trials that reached the rung, and while the search has other trials to
     * start, only in a stack of at least the resume size.
     */
    @Test
    void pausedTrialsGoOnWhenTheRuleWouldPromoteThem() {
        List<Object> lambdas = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            lambdas.add(i * 0.001);
        }
        searches.submit(Requests.from(Map.of("name", "asha", "dataset", "synthetic", "grid", Map.of("lambda", lambdas),
                "fixed", Map.of("epochs", 4), "strategy", Map.of("type", "grid", "earlyStopping",
                        Map.of("type", "successiveHalving", "minEpochs", 1, "reductionFactor", 3))))).id();
        List<ClaimedTrial> first = queue.claimStack("a", READY, 3, 1);
        double[] accuracy = {0.9, 0.8, 0.7};
        for (int i = 0; i < 3; i++) {
            queue.recordEpochs(List.of(new EpochRecord(first.get(i), epoch(1, accuracy[i]))));
        }
        queue.pause(first.get(0), epoch(1, 0.9), checkpoint(1), 1);
        queue.pause(first.get(1), epoch(1, 0.8), checkpoint(2), 1);
        queue.prune(first.get(2), epoch(1, 0.7), "pruned");

        // 3 at the rung: floor(3 / 3) = 1 may go on, the best; alone it is below a resume size of 2: fresh ones first
        List<ClaimedTrial> fresh = queue.claimStack("b", READY, 3, 2);
        assertThat(fresh).extracting(ClaimedTrial::startEpoch).containsExactly(0, 0, 0);
        // alone is enough with a resume size of 1; the second best is not promoted, so the last fresh ones go
        assertThat(queue.claimStack("c", READY, 3, 1)).extracting(ClaimedTrial::trialId)
                .containsExactly(first.get(0).trialId());
        assertThat(queue.claimStack("c", READY, 3, 2)).extracting(ClaimedTrial::startEpoch).containsExactly(0, 0, 0);
        // nothing else to start, but 6 trials may still reach the rung: the second best waits
        assertThat(queue.claimStack("d", READY, 3, 2)).isEmpty();
        // three of them reach it, all worse: 6 there, floor(6 / 3) = 2 may go on: now the second best does
        for (ClaimedTrial c : fresh) {
            queue.recordEpochs(List.of(new EpochRecord(c, epoch(1, 0.1))));
        }
        assertThat(queue.claimStack("d", READY, 3, 2)).extracting(ClaimedTrial::trialId)
                .containsExactly(first.get(1).trialId());
    }

    @Test
    void onceNoTrialCanStillReachTheRungPausedTrialsGoOnWhateverTheirRank() {
        searches.submit(Requests.from(Map.of("name", "asha end", "dataset", "synthetic",
                "grid", Map.of("lambda", List.of(0, 0.001, 0.002)), "fixed", Map.of("epochs", 4),
                "strategy", Map.of("type", "grid", "earlyStopping",
                        Map.of("type", "successiveHalving", "minEpochs", 1, "reductionFactor", 3)))));
        List<ClaimedTrial> all = queue.claimStack("a", READY, 3, 3);
        for (ClaimedTrial c : all) {
            queue.recordEpochs(List.of(new EpochRecord(c, epoch(1, 0.5))));
            queue.pause(c, epoch(1, 0.5), checkpoint(1), 1);
        }
        // floor(3 / 3) = 1 promotable, but no trial can still reach the rung: all three go, the worker judges them
        assertThat(queue.claimStack("b", READY, 3, 3)).extracting(ClaimedTrial::trialId)
                .containsExactlyElementsOf(all.stream().map(ClaimedTrial::trialId).toList());
    }

    /** W (10 x 3072) all {@code value}, b a double that float32 could not hold. */
    private static io.hypergrid.training.InitialWeights checkpoint(float value) {
        double[] v = new double[10 * 3072 + 10];
        java.util.Arrays.fill(v, value);
        for (int k = 0; k < 10; k++) {
            v[10 * 3072 + k] = value + 1e-12 * (k + 1);
        }
        return new io.hypergrid.training.InitialWeights(10, 3072, v);
    }

    private static EpochMetrics epoch(int e) {
        return epoch(e, 0.5);
    }

    private static EpochMetrics epoch(int e, double validationAccuracy) {
        SetMetrics m = new SetMetrics(1, 1, validationAccuracy);
        return new EpochMetrics(e, e == 0 ? null : 0.1, m, m, 0.01);
    }
}
