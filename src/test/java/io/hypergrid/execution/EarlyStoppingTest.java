package io.hypergrid.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.search.SearchService;
import io.hypergrid.search.SearchState;
import io.hypergrid.search.SearchStatus;
import io.hypergrid.Requests;
import io.hypergrid.search.ranking.TopTrial;
import io.hypergrid.search.trial.TrialState;
import io.hypergrid.search.trial.TrialView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Early stopping on synthetic searches built so that the answer is known: trials with eta 0.01 learn, trials with
 * eta 1e-7 or 1e-8 barely move from their initial weights. One worker trains each search as one stack, so every
 * trial reaches each epoch together and the decisions do not depend on timing; the pruned trials stop alone inside
 * the stack while their stack-mates go on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.datasource.url=jdbc:h2:mem:early-stopping;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.workers=1",
        "hypergrid.execution.stack-size=16",
        "hypergrid.execution.poll=50ms"})
class EarlyStoppingTest {
    @Autowired
    SearchService searches;
    @Autowired
    io.hypergrid.search.trial.Trials trials;
    @Autowired
    io.hypergrid.search.ranking.Ranking ranking;
    @Autowired
    JdbcTemplate db;

    @Test
    void successiveHalvingKeepsTheBestThirdAtItsRung() throws Exception {
        // 9 trials, 4 epochs, rungs at 2 (then 6, past the end): the top ceil(9/3) = 3 at epoch 2 go on
        long id = submit(Map.of("lambda", List.of(0, 0.001, 0.01), "eta", List.of(0.01, 1e-7, 1e-8)), 4,
                Map.of("type", "successiveHalving", "minEpochs", 2, "reductionFactor", 3));

        SearchStatus s = await(id);

        assertThat(s.state()).isEqualTo(SearchState.SUCCEEDED);
        assertThat(s.trials().get(TrialState.SUCCEEDED)).isEqualTo(3);
        assertThat(s.trials().get(TrialState.PRUNED)).isEqualTo(6);
        assertThat(etaOf(id, "SUCCEEDED")).containsOnly(0.01);
        assertThat(etaOf(id, "PRUNED")).containsOnly(1e-7, 1e-8);
        // pruned at the rung, with their curves up to it; the survivors ran every epoch
        assertThat(db.queryForList("select distinct epochs_done from trial where search_id = ? and state = 'PRUNED'",
                Integer.class, id)).containsExactly(2);
        assertThat(db.queryForObject("select max(e.epoch) from epoch_metric e join trial t on t.id = e.trial_id"
                + " where t.search_id = ? and t.state = 'PRUNED'", Integer.class, id)).isEqualTo(2);
        assertThat(db.queryForObject("select min(e.epoch) from trial t join epoch_metric e on e.trial_id = t.id"
                + " and e.epoch = 4 where t.search_id = ? and t.state = 'SUCCEEDED'", Integer.class, id)).isEqualTo(4);
        assertThat(s.epochsSaved()).isEqualTo(6 * (4 - 2));
        assertThat(s.epochsDone()).isEqualTo(3 * 4 + 6 * 2);
        assertThat(db.queryForList("select stop_reason from trial where search_id = ? and state = 'PRUNED'",
                String.class, id)).allSatisfy(r -> assertThat(r).startsWith("pruned at epoch 2 by successive halving"));
        // one stack to the rung; there the survivors paused with their weights and went on together, from them
        assertThat(db.queryForList("select claims from trial where search_id = ? and state = 'PRUNED'", Integer.class,
                id)).containsOnly(1);
        assertThat(db.queryForList("select claims from trial where search_id = ? and state = 'SUCCEEDED'",
                Integer.class, id)).containsOnly(2);
        assertThat(db.queryForList("select count(*) from epoch_metric e join trial t on t.id = e.trial_id where"
                + " t.search_id = ? and t.state = 'SUCCEEDED' group by t.id", Long.class, id)).containsOnly(5L);
        assertThat(db.queryForObject("select count(*) from trial_checkpoint c join trial t on t.id = c.trial_id"
                + " where t.search_id = ?", Long.class, id)).as("checkpoints dropped at the end").isZero();
        assertThat(db.queryForList("select distinct checkpoint_epoch from trial where search_id = ? and state ="
                + " 'SUCCEEDED'", Integer.class, id)).as("where they went on from").containsExactly(2);
        // and they end where they would have without the pause: the same 3 trials in one uninterrupted stack
        long whole = submit(Map.of("lambda", List.of(0, 0.001, 0.01), "eta", List.of(0.01)), 4, null);
        await(whole);
        assertThat(db.queryForList("select validation_accuracy from trial where search_id = ? and state = 'SUCCEEDED'"
                + " order by lambda", Double.class, id)).isEqualTo(db.queryForList("select validation_accuracy from"
                + " trial where search_id = ? order by lambda", Double.class, whole));
        List<Double> resumedCost = db.queryForList("select validation_cost from trial where search_id = ? and state ="
                + " 'SUCCEEDED' order by lambda", Double.class, id);
        List<Double> wholeCost = db.queryForList("select validation_cost from trial where search_id = ? order by lambda",
                Double.class, whole);
        for (int i = 0; i < 3; i++) {
            assertThat(resumedCost.get(i)).isCloseTo(wholeCost.get(i), org.assertj.core.data.Offset.offset(1e-5));
        }

        // ranked: the finished trials first, then the pruned ones
        List<TopTrial> top = ranking.top(id, 9, false);
        assertThat(top).extracting(TopTrial::state).containsExactly(TrialState.SUCCEEDED, TrialState.SUCCEEDED,
                TrialState.SUCCEEDED, TrialState.PRUNED, TrialState.PRUNED, TrialState.PRUNED, TrialState.PRUNED,
                TrialState.PRUNED, TrialState.PRUNED);
        assertThat(top.get(3).testAccuracy()).isNull();
        assertThat(top.get(3).validationAccuracy()).isNotNull();
        assertThat(trials.count(TrialState.PRUNED)).isGreaterThanOrEqualTo(6);
        // a pruned trial's results: its stop epoch's train and validation metrics, no test set
        TrialView pruned = trials.view(top.get(3).trialId());
        assertThat(pruned.epochsDone()).isEqualTo(2);
        assertThat(pruned.results().validationAccuracy()).isEqualTo(top.get(3).validationAccuracy());
        assertThat(pruned.results().testAccuracy()).isNull();
        assertThat(trials.epochs(pruned.id())).hasSize(3);
    }

    @Test
    void theMedianRuleStopsTrialsBelowTheMedianOfTheOthersAfterItsWarmUp() throws Exception {
        // 6 trials, 6 epochs, judged from epoch 3 on (warm-up 2) when at least 3 other trials reached the epoch:
        // at epoch 3 each bad trial is below the median of the 5 others (3 good, 2 bad); each good one above it
        // (3 bad, 2 good). From epoch 4 only the 3 good trials reach an epoch: 2 others, too few to judge.
        long id = submit(Map.of("lambda", List.of(0, 0.001, 0.01), "eta", List.of(0.01, 1e-7)), 6,
                Map.of("type", "median", "warmupEpochs", 2, "minTrials", 3));

        SearchStatus s = await(id);

        assertThat(s.state()).isEqualTo(SearchState.SUCCEEDED);
        assertThat(etaOf(id, "SUCCEEDED")).hasSize(3).containsOnly(0.01);
        assertThat(etaOf(id, "PRUNED")).hasSize(3).containsOnly(1e-7);
        assertThat(db.queryForList("select distinct epochs_done from trial where search_id = ? and state = 'PRUNED'",
                Integer.class, id)).containsExactly(3);
        assertThat(s.epochsSaved()).isEqualTo(3 * (6 - 3));
        assertThat(db.queryForList("select stop_reason from trial where search_id = ? and state = 'PRUNED'",
                String.class, id)).allSatisfy(r -> assertThat(r).startsWith("pruned at epoch 3 by the median rule"));
    }

    @Test
    void successiveHalvingWithATrendRanksByTheLookAheadFromTheStoredCurves() throws Exception {
        // the 9 trials reach the rung at 2 together: the top 3 by accuracy at 2 + 2 x (its rise since epoch 1) go on
        long id = submit(Map.of("lambda", List.of(0, 0.001, 0.01), "eta", List.of(0.01, 0.001, 1e-4)), 4,
                Map.of("type", "successiveHalving", "minEpochs", 2, "reductionFactor", 3, "trend", 2));

        SearchStatus s = await(id);

        assertThat(s.trials().get(TrialState.SUCCEEDED)).isEqualTo(3);
        Map<Long, Double> score = new java.util.HashMap<>();
        db.query("select e.trial_id, e.validation_accuracy, h.validation_accuracy from epoch_metric e join trial t"
                + " on t.id = e.trial_id join epoch_metric h on h.trial_id = e.trial_id and h.epoch = 1"
                + " where t.search_id = ? and e.epoch = 2", rs -> {
                    score.put(rs.getLong(1), rs.getDouble(2) + 2 * (rs.getDouble(2) - rs.getDouble(3)));
                }, id);
        assertThat(score).hasSize(9);
        List<Long> top3 = score.keySet().stream().sorted(java.util.Comparator.comparing((Long t) -> score.get(t))
                .reversed().thenComparing(t -> t)).limit(3).toList();
        assertThat(db.queryForList("select id from trial where search_id = ? and state = 'SUCCEEDED'", Long.class, id))
                .containsExactlyInAnyOrderElementsOf(top3);
        for (Map<String, Object> pruned : db.queryForList("select id, stop_reason from trial where search_id = ?"
                + " and state = 'PRUNED'", id)) {
            assertThat((String) pruned.get("stop_reason")).startsWith("pruned at epoch 2 by successive halving:"
                    + " validation accuracy with its trend " + String.format(java.util.Locale.ROOT, "%.4f",
                    score.get(((Number) pruned.get("id")).longValue())));
        }
    }

    /** The rules, and the epochs a pruned trial can stop at under each (4 epochs). */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> rules() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(
                        Map.of("type", "successiveHalving", "minEpochs", 1, "reductionFactor", 3), List.of(1, 3)),
                org.junit.jupiter.params.provider.Arguments.of(
                        Map.of("type", "median", "warmupEpochs", 1, "minTrials", 3), List.of(2, 3)));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("rules")
    void tpeWithEarlyStoppingGetsExactlyItsTrialsAndLearnsFromThePrunedOnes(Map<String, Object> rule,
                                                                            List<Integer> stopEpochs) throws Exception {
        // eta log-uniform over [1e-8, 1e-2]: only the upper end learns in 4 epochs. The 6 startup draws train as one
        // stack and are judged together; what the estimator proposes next should leave the low end.
        long id = searches.submit(Requests.from(Map.of("name", "tpe early", "dataset", "synthetic",
                "grid", Map.of("eta", Map.of("min", 1e-8, "max", 1e-2, "scale", "log")),
                "fixed", Map.of("epochs", 4, "batchSize", 100),
                "strategy", Map.of("type", "tpe", "trials", 20, "seed", 3, "startupTrials", 6,
                        "earlyStopping", rule)))).id();

        SearchStatus s = await(id);

        assertThat(s.state()).isEqualTo(SearchState.SUCCEEDED);
        assertThat(s.trialCount()).isEqualTo(20);
        assertThat(db.queryForObject("select count(distinct eta) from trial where search_id = ?", Integer.class, id))
                .as("no point twice").isEqualTo(20);
        assertThat(s.trials().get(TrialState.PRUNED)).as("pruned").isPositive();
        assertThat(s.trials().get(TrialState.SUCCEEDED)).as("succeeded").isPositive();
        assertThat(db.queryForList("select distinct epochs_done from trial where search_id = ? and state = 'PRUNED'",
                Integer.class, id)).isSubsetOf(stopEpochs);
        assertEstimatorMovedUp(id);
    }

    /** The estimated points (after the 6 startup draws) lie higher in log eta than the startup draws, on the median. */
    private void assertEstimatorMovedUp(long id) {
        List<Double> logEta = db.queryForList("select eta from trial where search_id = ? order by config_index",
                Double.class, id).stream().map(Math::log10).toList();
        assertThat(median(logEta.subList(6, 20))).as("log10 eta of the estimated points vs the startup draws: %s", logEta)
                .isGreaterThan(median(logEta.subList(0, 6)));
        assertThat(logEta.subList(10, 20).stream().filter(e -> e > -5).count())
                .as("the last 10 points in the upper half of the range: %s", logEta).isGreaterThanOrEqualTo(7);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private long submit(Map<String, Object> grid, int epochs, Map<String, Object> earlyStopping) {
        return searches.submit(Requests.from(Map.of("name", "early", "dataset", "synthetic", "grid", grid,
                "fixed", Map.of("epochs", epochs, "batchSize", 100),
                "strategy", earlyStopping == null ? Map.of("type", "grid")
                        : Map.of("type", "grid", "earlyStopping", earlyStopping)))).id();
    }

    private SearchStatus await(long id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        SearchStatus s;
        while (!(s = searches.status(id).orElseThrow()).state().equals(SearchState.SUCCEEDED)
                && s.state() != SearchState.FAILED) {
            assertThat(System.nanoTime()).as("search %d finishes", id).isLessThan(deadline);
            Thread.sleep(20);
        }
        return s;
    }

    private List<Double> etaOf(long id, String state) {
        return db.queryForList("select eta from trial where search_id = ? and state = ?", Double.class, id, state);
    }
}
