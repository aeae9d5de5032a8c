package io.hypergrid.scaleout;

import io.hypergrid.search.SearchService;
import io.hypergrid.search.SearchState;
import io.hypergrid.Requests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Not a test (it asserts nothing and does not run with the suite): how many very short trials per second N
 * instances with one worker each get through one PostgreSQL queue, N = 1, 2, 3. Run it with
 * {@code ./mvnw -o verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ClaimThroughputBenchmark}.
 */
class ClaimThroughputBenchmark {
    private static final int TRIALS = 240;

    @Test
    void trialsPerSecondByInstances() throws Exception {
        StringBuilder table = new StringBuilder("\n| instances | trials | wall s | trials/s | trials per instance |\n|---|---|---|---|---|\n");
        for (int n = 1; n <= 3; n++) {
            for (int repeat = 0; repeat < 3; repeat++) {
                table.append(run(n)).append('\n');
            }
        }
        System.out.println(table);
    }

    private String run(int n) throws Exception {
        String schema = PostgresSupport.freshSchema();
        List<ConfigurableApplicationContext> instances = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                instances.add(ThreeInstancesIT.instance(schema, "--hypergrid.execution.poll=20ms",
                        "--hypergrid.execution.stack-size=1", // one claim per trial: the queue is what is timed
                        "--logging.level.root=warn"));
            }
            List<Object> lambdas = new ArrayList<>();
            for (int i = 0; i < TRIALS; i++) {
                lambdas.add(i * 1e-4);
            }
            SearchService searches = instances.get(0).getBean(SearchService.class);
            long start = System.nanoTime();
            // one epoch of one mini-batch of 2,000 images: a trial of a few milliseconds, so the queue is what is timed
            long id = searches.submit(Requests.grid("throughput", "synthetic", Map.of("lambda", lambdas),
                    Map.of("epochs", 1, "batchSize", 2000))).id();
            while (searches.status(id).orElseThrow().state() != SearchState.SUCCEEDED) {
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            JdbcTemplate db = instances.get(0).getBean(JdbcTemplate.class);
            List<Integer> perOwner = db.queryForList(
                    "select count(*) from trial where search_id = ? group by owner order by 1 desc", Integer.class, id);
            return String.format("| %d | %d | %.2f | %.1f | %s |", n, TRIALS, seconds, TRIALS / seconds, perOwner);
        } finally {
            instances.forEach(ConfigurableApplicationContext::close);
            PostgresSupport.dropSchema(schema);
        }
    }
}
