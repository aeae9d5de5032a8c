package io.hypergrid.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.HypergridApplication;
import io.hypergrid.search.SearchService;
import io.hypergrid.search.SearchState;
import io.hypergrid.Requests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Three instances (separate Spring contexts) share one PostgreSQL queue: every trial completes exactly once. */
class ThreeInstancesIT {
    private String schema;
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @BeforeEach
    void schema() {
        schema = PostgresSupport.freshSchema();
    }

    @AfterEach
    void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
        PostgresSupport.dropSchema(schema);
    }

    static ConfigurableApplicationContext instance(String schema, String... more) {
        List<String> args = new ArrayList<>(List.of(PostgresSupport.springArguments(schema)));
        List<String> overrides = List.of(more);
        for (String d : List.of("--server.port=0", "--hypergrid.data.fetch-on-start=false",
                "--hypergrid.data.dir=target/no-cifar-here", "--hypergrid.workers=1", "--hypergrid.execution.poll=50ms")) {
            String key = d.substring(0, d.indexOf('=') + 1);
            if (overrides.stream().noneMatch(o -> o.startsWith(key))) {
                args.add(d); // a default, unless the caller sets it
            }
        }
        args.addAll(overrides);
        return new SpringApplicationBuilder(HypergridApplication.class).run(args.toArray(String[]::new));
    }

    /**
     * The proposal seam across instances: a random search whose strategy proposes its 40 points at claim time, under
     * the search's row lock, trained by three instances. Exactly the trials asked for, each claimed and completed
     * once, the same points and seeds as the search planned at submit.
     */
    @Test
    void threeInstancesProposeAndTrainEachPointOnce() throws Exception {
        for (int i = 0; i < 3; i++) {
            instances.add(instance(schema, "--hypergrid.execution.stack-size=2"));
        }
        SearchService searches = instances.get(0).getBean(SearchService.class);
        JdbcTemplate db = instances.get(1).getBean(JdbcTemplate.class);
        List<io.hypergrid.search.queue.Proposing.Row> expected = new ArrayList<>();
        long id = io.hypergrid.search.queue.Proposing.submit(searches, db, Requests.from(Map.of("name", "proposed",
                "dataset", "synthetic", "grid", Map.of("lambda", Map.of("min", 0, "max", 0.1),
                        "eta", Map.of("min", 1e-3, "max", 0.1, "scale", "log")),
                "fixed", Map.of("epochs", 2), "strategy", Map.of("type", "random", "trials", 40, "seed", 3))), expected);

        awaitSucceeded(searches, id);

        assertThat(io.hypergrid.search.queue.Proposing.rows(db, id)).isEqualTo(expected).hasSize(40);
        assertThat(db.queryForList("select distinct completions from trial where search_id = ?", Integer.class, id))
                .as("completions per trial").containsExactly(1);
        assertThat(db.queryForList("select distinct claims from trial where search_id = ?", Integer.class, id))
                .as("claims per trial").containsExactly(1);
        List<Map<String, Object>> perOwner = db.queryForList(
                "select owner, count(*) as n from trial where search_id = ? group by owner", id);
        assertThat(perOwner).as("every instance did work: " + perOwner).hasSize(3);
    }

    /**
     * TPE across instances: three instances (one worker each, stacks of 2) claim a TPE search of 30 trials whose every
     * point is proposed at claim time under the search's row lock, the running trials counted as liars. Exactly 30
     * trials, 30 distinct points, each claimed and completed once, every instance at work.
     */
    @Test
    void threeInstancesRunATpeSearchOfExactlyItsTrials() throws Exception {
        for (int i = 0; i < 3; i++) {
            instances.add(instance(schema, "--hypergrid.execution.stack-size=2"));
        }
        SearchService searches = instances.get(0).getBean(SearchService.class);
        long id = searches.submit(Requests.from(Map.of("name", "tpe", "dataset", "synthetic",
                "grid", Map.of("lambda", Map.of("min", 0, "max", 0.1), "eta", Map.of("min", 1e-3, "max", 0.1,
                        "scale", "log"), "batchSize", List.of(10, 100)),
                "fixed", Map.of("epochs", 2), "strategy", Map.of("type", "tpe", "trials", 30, "seed", 3,
                        "startupTrials", 6)))).id();
        awaitSucceeded(searches, id);

        JdbcTemplate db = instances.get(1).getBean(JdbcTemplate.class);
        assertThat(db.queryForObject("select count(*) from trial where search_id = ?", Integer.class, id)).isEqualTo(30);
        assertThat(db.queryForObject("select count(*) from (select distinct lambda, eta, batch_size from trial"
                + " where search_id = ?) p", Integer.class, id)).as("distinct points").isEqualTo(30);
        assertThat(db.queryForObject("select count(distinct config_index) from trial where search_id = ?", Integer.class,
                id)).isEqualTo(30);
        assertThat(db.queryForList("select distinct completions from trial where search_id = ?", Integer.class, id))
                .as("completions per trial").containsExactly(1);
        assertThat(db.queryForList("select distinct claims from trial where search_id = ?", Integer.class, id))
                .as("claims per trial").containsExactly(1);
        List<Map<String, Object>> perOwner = db.queryForList(
                "select owner, count(*) as n from trial where search_id = ? group by owner", id);
        assertThat(perOwner).as("every instance did work: " + perOwner).hasSize(3);
    }

    private static void awaitSucceeded(SearchService searches, long id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (searches.status(id).orElseThrow().state() != SearchState.SUCCEEDED) {
            assertThat(System.nanoTime()).as("search finished in time: " + searches.status(id)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void threeInstancesShareASixtyTrialGridAndRunEachTrialOnce() throws Exception {
        for (int i = 0; i < 3; i++) {
            instances.add(instance(schema));
        }
        List<Object> lambdas = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lambdas.add(i * 0.001);
        }
        SearchService searches = instances.get(0).getBean(SearchService.class);
        long id = searches.submit(Requests.grid("scale-out", "synthetic",
                Map.of("lambda", lambdas, "eta", List.of(0.001, 0.003, 0.01)), Map.of("epochs", 2))).id();

        awaitSucceeded(searches, id);

        JdbcTemplate db = instances.get(1).getBean(JdbcTemplate.class);
        assertThat(db.queryForObject("select count(*) from trial where search_id = ?", Integer.class, id)).isEqualTo(60);
        assertThat(db.queryForList("select distinct completions from trial where search_id = ?", Integer.class, id))
                .as("completions per trial").containsExactly(1);
        assertThat(db.queryForList("select distinct claims from trial where search_id = ?", Integer.class, id))
                .as("claims per trial").containsExactly(1);
        List<Map<String, Object>> perOwner = db.queryForList(
                "select owner, count(*) as n from trial where search_id = ? group by owner", id);
        assertThat(perOwner).as("every instance did work: " + perOwner).hasSize(3);
        assertThat(db.queryForObject("select count(*) from epoch_metric e join trial t on t.id = e.trial_id"
                + " where t.search_id = ?", Integer.class, id)).isEqualTo(60 * 3);
    }

    @Test
    void maxParallelTrialsHoldsAcrossInstances() throws Exception {
        for (int i = 0; i < 3; i++) {
            instances.add(instance(schema));
        }
        SearchService searches = instances.get(0).getBean(SearchService.class);
        long id = searches.submit(Requests.from(Map.of("name", "limited", "dataset", "synthetic",
                "grid", Map.of("lambda", List.of(0, 0.001, 0.002, 0.003, 0.004, 0.005)),
                "fixed", Map.of("epochs", 3, "batchSize", 10), "limits", Map.of("maxParallelTrials", 2)))).id();
        JdbcTemplate db = instances.get(0).getBean(JdbcTemplate.class);
        int most = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (searches.status(id).orElseThrow().state() != SearchState.SUCCEEDED) {
            most = Math.max(most, db.queryForObject(
                    "select count(*) from trial where search_id = ? and state = 'RUNNING'", Integer.class, id));
            assertThat(System.nanoTime()).isLessThan(deadline);
        }
        assertThat(most).isEqualTo(2);
    }
}
