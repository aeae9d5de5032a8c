package io.hypergrid.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code initStd}, the parameter added through the table alone, end to end over HTTP: varied in a grid, sampled by a
 * random search, fixed, refused out of bounds; trained with (different starting weights, different results), stored,
 * shown by the grid's shape, sortable, exported.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:init-std;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.workers=2",
        "hypergrid.execution.poll=100ms"})
class InitStdApiTest {
    @LocalServerPort
    int port;
    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private long submit(String json) {
        ApiClient.Response r = api.post("/api/searches", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    @Test
    void aGridOverInitStdTrainsEachWithItsOwnStartingWeights() {
        long id = submit("""
                {"dataset": "synthetic", "grid": {"initStd": [0.001, 0.01, 1.0], "lambda": [0, 0.1]},
                 "fixed": {"epochs": 1, "eta": 0.01}}""");
        JsonNode status = api.awaitSearch(id, ApiClient::finished, Duration.ofSeconds(90));
        assertThat(status.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(status.get("trialCount").asInt()).isEqualTo(6);

        JsonNode grid = api.get("/api/searches/" + id + "/grid").json();
        JsonNode initStd = null;
        for (JsonNode d : grid.get("dimensions")) {
            if (d.get("name").asString().equals("initStd")) {
                initStd = d;
            }
        }
        assertThat(initStd).as(grid.toString()).isNotNull();
        assertThat(initStd.get("varying").asBoolean()).isTrue();
        assertThat(initStd.get("values").toString()).isEqualTo("[0.001,0.01,1.0]");

        JsonNode trials = api.get("/api/searches/" + id + "/trials?sort=initStd,desc").json().get("items");
        List<Double> sorted = new ArrayList<>();
        trials.forEach(t -> sorted.add(t.get("parameters").get("initStd").asDouble()));
        assertThat(sorted).containsExactly(1.0, 1.0, 0.01, 0.01, 0.001, 0.001);
        // a larger starting spread starts (and after one epoch, still is) far from the small-weights solution
        double big = trials.get(0).get("results").get("trainCost").asDouble();
        double small = trials.get(5).get("results").get("trainCost").asDouble();
        assertThat(big).isGreaterThan(small);

        String csv = api.get("/api/searches/" + id + "/trials.csv").body();
        assertThat(csv.lines().findFirst().orElseThrow()).contains(",dtype,initStd,state,");
        assertThat(csv.lines().skip(1).filter(l -> l.contains(",float32,1.0,SUCCEEDED,"))).hasSize(2);
    }

    @Test
    void aRandomSearchSamplesInitStdOnALogScaleAndAFixedValueHolds() {
        long random = submit("""
                {"dataset": "synthetic", "grid": {"initStd": {"min": 0.001, "max": 0.1, "scale": "log"}},
                 "fixed": {"epochs": 1}, "strategy": {"type": "random", "trials": 5, "seed": 3}}""");
        JsonNode trials = api.get("/api/searches/" + random + "/trials?size=10").json().get("items");
        assertThat(trials.size()).isEqualTo(5);
        trials.forEach(t -> assertThat(t.get("parameters").get("initStd").asDouble()).isBetween(0.001, 0.1));

        long fixed = submit("""
                {"dataset": "synthetic", "grid": {"lambda": [0]}, "fixed": {"epochs": 1, "initStd": 0.05}}""");
        assertThat(api.get("/api/searches/" + fixed + "/trials").json().get("items").get(0).get("parameters")
                .get("initStd").asDouble()).isEqualTo(0.05);
    }

    @Test
    void anInitStdOutOfBoundsIsRefusedByName() {
        ApiClient.Response r = api.post("/api/searches", """
                {"dataset": "synthetic", "grid": {"initStd": [0.01, 0]}}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("grid.initStd[1]");
        assertThat(r.json().get("errors").get(0).get("reason").asString()).isEqualTo("must be > 0, not 0");
    }
}
