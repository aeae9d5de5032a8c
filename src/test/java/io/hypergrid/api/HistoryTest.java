package io.hypergrid.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.Requests;
import io.hypergrid.WithoutWorkers;
import io.hypergrid.search.SearchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/searches/{id}/history: the best validation accuracy so far, as its steps. No workers: the trials' ends are
 * written with SQL, so the answer is known.
 */
@WithoutWorkers
class HistoryTest {
    @LocalServerPort
    int port;
    @Autowired
    SearchService searches;
    @Autowired
    JdbcTemplate db;

    @Test
    void theStepsAreTheTrialsThatRaisedTheBestInFinishingOrder() {
        long id = searches.submit(Requests.grid("history", "synthetic",
                Map.of("lambda", List.of(0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)), Map.of("epochs", 3))).id();
        ApiClient api = new ApiClient(port);
        JsonNode none = api.get("/api/searches/" + id + "/history").json();
        assertThat(none.get("finishedTrials").asInt()).isZero();
        assertThat(none.get("lastFinishedSeconds").isNull()).isTrue();
        assertThat(none.get("steps").size()).isZero();

        db.update("update search set created_at = timestamp with time zone '2026-01-02 03:00:00+00' where id = ?", id);
        // grid index: state, seconds after submission, validation accuracy; finishing order is not grid order
        end(id, 0, "SUCCEEDED", 50, 0.40);
        end(id, 1, "FAILED", 20, null);
        end(id, 2, "SUCCEEDED", 30, 0.25);
        end(id, 3, "PRUNED", 40, 0.90); // pruned: a number, never a step
        end(id, 4, "SUCCEEDED", 10, 0.30);
        end(id, 5, "SUCCEEDED", 60, 0.40); // ties the best: no step
        end(id, 6, "CANCELLED", 70, null); // not a trial's budget spent: not counted

        JsonNode history = api.get("/api/searches/" + id + "/history").json();

        assertThat(history.get("searchId").asLong()).isEqualTo(id);
        assertThat(history.get("finishedTrials").asInt()).isEqualTo(6);
        assertThat(history.get("lastFinishedSeconds").asDouble()).isEqualTo(60.0);
        List<String> steps = new ArrayList<>();
        history.get("steps").forEach(s -> steps.add(s.get("trial").asInt() + "@" + s.get("seconds").asDouble() + "="
                + s.get("best").asDouble() + ":" + s.get("trialId").asLong()));
        assertThat(steps).containsExactly("1@10.0=0.3:" + trial(id, 4), "5@50.0=0.4:" + trial(id, 0));
        assertThat(api.get("/api/searches/999999/history").status()).isEqualTo(404);
    }

    @Test
    void aHundredThousandTrialsGiveAFewStepsInOneSmallAnswer() {
        long id = searches.submit(Requests.grid("history of 100,000", "synthetic",
                Map.of("lambda", Map.of("min", 0, "max", 1, "count", 100),
                        "eta", Map.of("min", 1e-5, "max", 0.1, "count", 1000, "scale", "log")),
                Map.of("epochs", 1))).id();
        // one trial a second, in grid order, at random accuracies: about ln(100,000) = 12 records expected
        db.update("update trial set state = 'SUCCEEDED', epochs_done = 1, validation_accuracy = rand(),"
                + " finished_at = dateadd(second, grid_index, current_timestamp) where search_id = ?", id);
        ApiClient api = new ApiClient(port);

        ApiClient.Response r = null;
        for (int i = 0; i < 3; i++) { // the first call pays for warming up
            long start = System.nanoTime();
            r = api.get("/api/searches/" + id + "/history");
            System.out.printf("history of 100,000 trials: %d bytes in %d ms%n", r.body().length(),
                    (System.nanoTime() - start) / 1_000_000);
        }
        assertThat(r.status()).isEqualTo(200);
        JsonNode history = r.json();
        assertThat(history.get("finishedTrials").asInt()).isEqualTo(100_000);
        JsonNode steps = history.get("steps");
        assertThat(steps.size()).isBetween(2, 60);
        assertThat(r.body().length()).isLessThan(8_000);
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i).get("trial").asInt()).isGreaterThan(steps.get(i - 1).get("trial").asInt());
            assertThat(steps.get(i).get("best").asDouble()).isGreaterThan(steps.get(i - 1).get("best").asDouble());
        }
        JsonNode last = steps.get(steps.size() - 1);
        assertThat(last.get("best").asDouble()).isEqualTo(db.queryForObject(
                "select max(validation_accuracy) from trial where search_id = ?", Double.class, id));
        assertThat(last.get("trialId").asLong()).isEqualTo(db.queryForObject("select id from trial where search_id = ?"
                + " order by validation_accuracy desc, grid_index limit 1", Long.class, id));
        // trial n finished n - 1 seconds after the first: the number and the time agree
        assertThat(last.get("trial").asInt()).isEqualTo(db.queryForObject(
                "select grid_index from trial where id = ?", Integer.class, last.get("trialId").asLong()) + 1);
    }

    private void end(long search, int gridIndex, String state, int seconds, Double validation) {
        db.update("update trial set state = ?, validation_accuracy = ?, epochs_done = 3,"
                + " finished_at = dateadd(second, ?, timestamp with time zone '2026-01-02 03:00:00+00')"
                + " where search_id = ? and grid_index = ?", state, validation, seconds, search, gridIndex);
    }

    private long trial(long search, int gridIndex) {
        return db.queryForObject("select id from trial where search_id = ? and grid_index = ?", Long.class, search,
                gridIndex);
    }
}
