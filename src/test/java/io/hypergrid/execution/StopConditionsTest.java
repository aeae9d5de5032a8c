package io.hypergrid.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.search.SearchService;
import io.hypergrid.search.SearchState;
import io.hypergrid.search.SearchStatus;
import io.hypergrid.Requests;
import io.hypergrid.search.trial.TrialState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Search-level stop conditions end the search with their reason and cancel what is left. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.datasource.url=jdbc:h2:mem:stop-conditions;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.workers=1",
        "hypergrid.execution.stack-size=1",
        "hypergrid.execution.heartbeat=200ms",
        "hypergrid.execution.poll=50ms"})
class StopConditionsTest {
    @Autowired
    SearchService searches;
    @Autowired
    io.hypergrid.search.trial.Trials trials;

    @Test
    void reachingTheTargetValidationAccuracyStopsTheSearch() throws Exception {
        // one trial at a time: the first to finish reaches the (low) target, the other four are cancelled
        long id = searches.submit(Requests.from(Map.of("name", "target", "dataset", "synthetic",
                "grid", Map.of("lambda", List.of(0, 0.01, 0.1, 1, 2)), "fixed", Map.of("epochs", 2, "eta", 0.01),
                "limits", Map.of("maxParallelTrials", 1, "targetValidationAccuracy", 0.05)))).id();

        SearchStatus s = await(id, Duration.ofSeconds(60));

        assertThat(s.state()).isEqualTo(SearchState.SUCCEEDED);
        assertThat(s.trials().get(TrialState.SUCCEEDED)).isEqualTo(1);
        assertThat(s.trials().get(TrialState.CANCELLED)).isEqualTo(4);
        assertThat(s.stopReason()).startsWith("target validation accuracy 0.05 reached by trial");
        assertThat(trials.ofSearch(id, TrialState.CANCELLED, org.springframework.data.domain.PageRequest.of(0, 10)))
                .allSatisfy(t -> assertThat(t.stopReason()).startsWith("search stopped: target validation accuracy"))
                .allSatisfy(t -> assertThat(t.failureReason()).isNull());
    }

    @Test
    void aUsedUpWallTimeBudgetStopsRunningAndPendingTrials() throws Exception {
        // 500 epochs of batch 1 take far longer than the 2 s budget
        long id = searches.submit(Requests.from(Map.of("name", "budget", "dataset", "synthetic",
                "grid", Map.of("lambda", List.of(0, 0.01, 0.1)), "fixed", Map.of("epochs", 500, "batchSize", 1),
                "limits", Map.of("maxWallSeconds", 2.0)))).id();
        long start = System.nanoTime();

        SearchStatus s = await(id, Duration.ofSeconds(60));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(s.stopReason()).isEqualTo("wall-time budget of 2.0 s used up");
        assertThat(s.trials().get(TrialState.CANCELLED)).isEqualTo(3);
        assertThat(s.trials().get(TrialState.SUCCEEDED)).isZero();
        assertThat(s.epochsDone()).isLessThan(500);
    }

    private SearchStatus await(long id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SearchStatus s;
        while ((s = searches.status(id).orElseThrow()).state() == SearchState.PENDING
                || s.state() == SearchState.RUNNING) {
            assertThat(System.nanoTime()).as("search %d ends", id).isLessThan(deadline);
            Thread.sleep(20);
        }
        return s;
    }
}
