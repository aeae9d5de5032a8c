package io.hypergrid.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.catalog.DatasetCatalog;
import io.hypergrid.dataset.Dtype;
import io.hypergrid.dataset.PreparedData;
import io.hypergrid.dataset.Split;
import io.hypergrid.search.SearchService;
import io.hypergrid.search.SearchState;
import io.hypergrid.Requests;
import io.hypergrid.search.trial.TrialState;
import io.hypergrid.search.trial.TrialView;
import io.hypergrid.training.Trainer;
import io.hypergrid.training.TrainingResult;
import io.hypergrid.training.TrainingTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/** One worker trains compatible trials of a search as one stack; each comes out as if trained alone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.datasource.url=jdbc:h2:mem:stacked;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.workers=1",
        "hypergrid.execution.stack-size=4",
        "hypergrid.execution.poll=50ms"})
class StackedExecutionTest {
    @Autowired
    SearchService searches;
    @Autowired
    io.hypergrid.search.trial.Trials trials;
    @Autowired
    DatasetCatalog catalog;
    @Autowired
    JdbcTemplate db;

    @Test
    void oneWorkerTrainsStacksOfCompatibleTrialsWithTheResultsOfSeparateRuns() throws Exception {
        long id = searches.submit(Requests.grid("stacked", "synthetic",
                Map.of("lambda", List.of(0, 0.001, 0.01, 0.1, 1), "batchSize", List.of(50, 100)),
                Map.of("epochs", 3, "eta", 0.01))).id();

        long most = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (searches.status(id).orElseThrow().state() != SearchState.SUCCEEDED) {
            most = Math.max(most, searches.status(id).orElseThrow().trials().get(TrialState.RUNNING));
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5);
        }

        assertThat(most).as("one worker, stacks of up to 4").isGreaterThan(1).isLessThanOrEqualTo(4);
        assertThat(db.queryForList("select distinct claims from trial where search_id = ?", Integer.class, id))
                .containsExactly(1);
        PreparedData data = catalog.prepared("synthetic", Split.BATCH1, Dtype.FLOAT32);
        for (TrialView t : trials.ofSearch(id, null, PageRequest.of(0, 20, org.springframework.data.domain.Sort.by("gridIndex")))) {
            TrainingResult alone = Trainer.train(data, TrainingTask.of(t.parameters().toTrainingConfig())).result();
            assertThat(t.results().validationAccuracy()).as("trial %d", t.gridIndex())
                    .isCloseTo(alone.validation().accuracy(), org.assertj.core.data.Offset.offset(0.0021));
            assertThat(t.results().trainCost()).isCloseTo(alone.train().cost(), org.assertj.core.data.Offset.offset(1e-4));
            assertThat(trials.epochs(t.id())).hasSize(4);
        }
    }
}
