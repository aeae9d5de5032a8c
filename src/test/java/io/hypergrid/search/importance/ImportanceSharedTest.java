package io.hypergrid.search.importance;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.Requests;
import io.hypergrid.WithoutWorkers;
import io.hypergrid.search.SearchService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The importance is computed once for all who ask: given again while the search has the same succeeded trials, and
 * while trials are pending or running for {@link ParameterImportance#SHARED_WHILE_RUNNING} after it was computed.
 * The clock is the test's; the trials' ends are written with SQL.
 */
@WithoutWorkers
class ImportanceSharedTest {
    @Autowired
    SearchService searches;
    @Autowired
    JdbcTemplate db;

    @Test
    void computedOnceForAllWhoAsk() {
        long id = searches.submit(Requests.grid("shared importance", "synthetic",
                Map.of("lambda", List.of(0, 0.1), "eta", List.of(0.01, 0.1)), Map.of("epochs", 3))).id();
        AtomicLong nanos = new AtomicLong();
        ParameterImportance importance = new ParameterImportance(db, nanos::get);

        succeed(id, 0, 0.30);
        succeed(id, 1, 0.20);
        Importance first = importance.of(id);
        assertThat(first.configurations()).isEqualTo(2);
        assertThat(importance.of(id)).as("nothing changed").isSameAs(first);

        succeed(id, 2, 0.40); // one trial still pending: the search runs
        nanos.addAndGet(ParameterImportance.SHARED_WHILE_RUNNING.toNanos() - 1);
        assertThat(importance.of(id)).as("running, within 10 s: shared though a trial succeeded").isSameAs(first);
        nanos.addAndGet(2);
        Importance later = importance.of(id);
        assertThat(later.configurations()).as("past 10 s: computed again").isEqualTo(3);
        assertThat(later.method()).isEqualTo("fanova");

        succeed(id, 3, 0.10); // the last one: nothing pending or running
        Importance last = importance.of(id);
        assertThat(last.configurations()).as("finished: at once, whatever the clock").isEqualTo(4);
        assertThat(last.method()).as("a full grid: exact").isEqualTo("grid");
        assertThat(importance.of(id)).isSameAs(last);
    }

    private void succeed(long searchId, int gridIndex, double validation) {
        db.update("update trial set state = 'SUCCEEDED', validation_accuracy = ?, test_accuracy = ?, epochs_done = 3"
                + " where search_id = ? and grid_index = ?", validation, validation, searchId, gridIndex);
    }
}
