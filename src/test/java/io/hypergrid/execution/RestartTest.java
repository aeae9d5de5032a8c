package io.hypergrid.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.HypergridApplication;
import io.hypergrid.search.SearchService;
import io.hypergrid.search.SearchState;
import io.hypergrid.search.SearchStatus;
import io.hypergrid.Requests;
import io.hypergrid.search.trial.TrialState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stopping the application in the middle of a search loses nothing and repeats nothing: after a restart on the same
 * H2 file every trial has run to completion exactly once (counted in the database).
 */
class RestartTest {
    @TempDir
    Path dir;

    private ConfigurableApplicationContext start(int workers) {
        return new SpringApplicationBuilder(HypergridApplication.class).run(
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--server.port=0", "--hypergrid.data.fetch-on-start=false", "--hypergrid.data.dir=" + dir.resolve("none"),
                "--hypergrid.workers=" + workers, "--hypergrid.execution.poll=100ms",
                "--hypergrid.execution.stack-size=2"); // stacks of two: several stacks, some done, some running
    }

    private static SearchStatus await(ConfigurableApplicationContext ctx, long id, Predicate<SearchStatus> until) {
        SearchService searches = ctx.getBean(SearchService.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            SearchStatus s = searches.status(id).orElseThrow();
            if (until.test(s)) {
                return s;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out: " + searches.status(id));
    }

    @Test
    void aSearchHalfDoneWhenTheApplicationStopsFinishesAfterARestartWithEveryTrialRunOnce() {
        long id;
        try (ConfigurableApplicationContext first = start(2)) {
            id = first.getBean(SearchService.class).submit(Requests.grid("restart", "synthetic",
                    Map.of("lambda", List.of(0, 0.001, 0.01, 0.1), "eta", List.of(0.001, 0.01)),
                    Map.of("epochs", 15, "batchSize", 10))).id();
            SearchStatus half = await(first, id, s -> s.trials().get(TrialState.SUCCEEDED) >= 2
                    && s.trials().get(TrialState.RUNNING) >= 2);
            assertThat(half.state()).isEqualTo(SearchState.RUNNING);
        } // graceful stop: running trials stop at their next mini-batch and go back to pending

        // between the two lives of the application, straight from the database file
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db"), "sa", "");
             java.sql.ResultSet rs = c.createStatement().executeQuery("select"
                     + " sum(case when state = 'RUNNING' then 1 else 0 end),"
                     + " sum(case when state = 'PENDING' and claims > 0 then 1 else 0 end),"
                     + " sum(case when state = 'SUCCEEDED' then 1 else 0 end) from trial")) {
            rs.next();
            assertThat(rs.getInt(1)).as("nothing left running by the stopped instance").isZero();
            assertThat(rs.getInt(2)).as("interrupted trials back to pending").isGreaterThanOrEqualTo(2);
            assertThat(rs.getInt(3)).isBetween(2, 6);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }

        try (ConfigurableApplicationContext second = start(2)) {
            JdbcTemplate db = second.getBean(JdbcTemplate.class);

            SearchStatus done = await(second, id, s -> s.state() == SearchState.SUCCEEDED);

            assertThat(done.trials().get(TrialState.SUCCEEDED)).isEqualTo(8);
            assertThat(db.queryForList("select distinct completions from trial where search_id = ?", Integer.class, id))
                    .containsExactly(1);
            assertThat(db.queryForObject("select count(*) from epoch_metric e join trial t on t.id = e.trial_id"
                    + " where t.search_id = ?", Integer.class, id)).isEqualTo(8 * 16);
        }
    }

    @Test
    void twoWorkersNeverClaimOneTrialTwice() {
        try (ConfigurableApplicationContext ctx = start(2)) {
            long id = ctx.getBean(SearchService.class).submit(Requests.grid("pair", "synthetic",
                    Map.of("lambda", List.of(0, 0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009),
                            "eta", List.of(0.001, 0.01)), Map.of("epochs", 1))).id();

            await(ctx, id, s -> s.state() == SearchState.SUCCEEDED);

            JdbcTemplate db = ctx.getBean(JdbcTemplate.class);
            assertThat(db.queryForObject("select count(*) from trial where search_id = ?", Integer.class, id)).isEqualTo(20);
            assertThat(db.queryForList("select distinct claims from trial where search_id = ?", Integer.class, id))
                    .containsExactly(1);
            assertThat(db.queryForList("select distinct completions from trial where search_id = ?", Integer.class, id))
                    .containsExactly(1);
        }
    }
}
