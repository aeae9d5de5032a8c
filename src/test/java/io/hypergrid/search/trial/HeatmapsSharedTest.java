package io.hypergrid.search.trial;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.Requests;
import io.hypergrid.WithoutWorkers;
import io.hypergrid.search.SearchService;
import io.hypergrid.search.parameter.Parameters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A heatmap asked for again within {@link Heatmaps#FRESH} is the one computed before (pages on one search share it),
 * and a later one sees the trials as they are. The clock is the test's; the results are written with SQL.
 */
@WithoutWorkers
class HeatmapsSharedTest {
    @Autowired
    SearchService searches;
    @Autowired
    JdbcTemplate db;

    @Test
    void aHeatmapAskedForAgainWithinASecondIsComputedOnce() {
        long id = searches.submit(Requests.grid("shared heatmap", "synthetic",
                Map.of("lambda", List.of(0, 0.1), "eta", List.of(0.01, 0.1)), Map.of("epochs", 3))).id();
        db.update("update trial set state = 'SUCCEEDED', validation_accuracy = 0.25, test_accuracy = 0.25,"
                + " epochs_done = 3 where search_id = ?", id);
        AtomicLong nanos = new AtomicLong();
        Heatmaps heatmaps = new Heatmaps(db, nanos::get);

        Heatmap first = heatmaps.of(id, Parameters.ETA, Parameters.LAMBDA, Map.of(), Heatmaps.Aggregate.BEST);
        assertThat(first.max()).isEqualTo(0.25);
        db.update("update trial set validation_accuracy = 0.5 where search_id = ?", id);
        nanos.addAndGet(Heatmaps.FRESH.toNanos() - 1);
        assertThat(heatmaps.of(id, Parameters.ETA, Parameters.LAMBDA, Map.of(), Heatmaps.Aggregate.BEST))
                .as("within the second: the same answer, not read again").isSameAs(first);
        assertThat(heatmaps.of(id, Parameters.ETA, Parameters.LAMBDA, Map.of(), Heatmaps.Aggregate.MEAN).max())
                .as("another question is its own").isEqualTo(0.5);

        nanos.addAndGet(2);
        Heatmap later = heatmaps.of(id, Parameters.ETA, Parameters.LAMBDA, Map.of(), Heatmaps.Aggregate.BEST);
        assertThat(later).isNotSameAs(first);
        assertThat(later.max()).as("past the second: read again").isEqualTo(0.5);
    }

    @Test
    void aTrialThatEndsWithinTheSecondIsSeenAtOnce() {
        long id = searches.submit(Requests.grid("ending heatmap", "synthetic",
                Map.of("lambda", List.of(0, 0.1), "eta", List.of(0.01, 0.1)), Map.of("epochs", 3))).id();
        db.update("update trial set state = 'RUNNING' where search_id = ?", id);
        AtomicLong nanos = new AtomicLong();
        Heatmaps heatmaps = new Heatmaps(db, nanos::get);
        Heatmap running = heatmaps.of(id, Parameters.ETA, Parameters.LAMBDA, Map.of(), Heatmaps.Aggregate.BEST);

        // the search's last trials end (cancelled, say): its page's last refresh must show it, not the second before
        db.update("update trial set state = 'CANCELLED' where search_id = ?", id);
        nanos.addAndGet(Heatmaps.FRESH.toNanos() / 2);
        Heatmap ended = heatmaps.of(id, Parameters.ETA, Parameters.LAMBDA, Map.of(), Heatmaps.Aggregate.BEST);
        assertThat(ended).isNotSameAs(running);
        assertThat(ended.cells()).hasSize(4).allSatisfy(c -> assertThat(c.state()).isEqualTo("CANCELLED"));
    }
}
