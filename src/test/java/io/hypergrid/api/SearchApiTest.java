package io.hypergrid.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.web.WeightsImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The service end to end over real HTTP, on the synthetic data set and an in-memory H2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:search-api;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.workers=2",
        "hypergrid.execution.poll=100ms"})
class SearchApiTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate db;
    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private long submit(String json) {
        ApiClient.Response r = api.post("/api/searches", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        assertThat(r.location()).endsWith("/api/searches/" + id);
        return id;
    }

    @Test
    void aHeatmapIsAggregatedOnTheServerOneCellPerPairOfValues() {
        long id = submit("""
                {"name": "heatmap", "dataset": "synthetic",
                 "grid": {"lambda": [0, 0.01], "eta": {"min": 0.001, "max": 0.1, "count": 3, "scale": "log"},
                          "batchSize": [50, 100], "seed": [0, 1]},
                 "fixed": {"epochs": 1}}""");
        api.awaitSearch(id, ApiClient::finished, Duration.ofSeconds(90));
        JsonNode all = api.get("/api/searches/" + id + "/trials?size=100").json().get("items");

        ApiClient.Response response = api.get("/api/searches/" + id + "/heatmap?x=eta&y=lambda&batchSize=100");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode best = response.json();
        assertThat(best.get("aggregate").asString()).isEqualTo("best");
        assertThat(best.get("filter").get("batchSize").asInt()).isEqualTo(100);
        assertThat(best.get("trials").asInt()).isEqualTo(6 * 2); // 2 lambdas x 3 etas x 2 seeds at batch 100
        assertThat(best.get("xValues").toString()).isEqualTo("[0.001,0.0100000,0.1]".replace("0.0100000", "0.01"));
        assertThat(best.get("yValues").toString()).isEqualTo("[0.0,0.01]");
        assertThat(best.get("cells").size()).isEqualTo(6);
        double lowest = 1, highest = 0;
        for (JsonNode cell : best.get("cells")) {
            double eta = best.get("xValues").get(cell.get("xi").asInt()).asDouble();
            double lambda = best.get("yValues").get(cell.get("yi").asInt()).asDouble();
            List<JsonNode> same = new ArrayList<>();
            all.forEach(t -> {
                JsonNode p = t.get("parameters");
                if (p.get("eta").asDouble() == eta && p.get("lambda").asDouble() == lambda
                        && p.get("batchSize").asInt() == 100) {
                    same.add(t);
                }
            });
            assertThat(same).hasSize(2);
            double max = Math.max(same.get(0).get("results").get("validationAccuracy").asDouble(),
                    same.get(1).get("results").get("validationAccuracy").asDouble());
            double mean = (same.get(0).get("results").get("validationAccuracy").asDouble()
                    + same.get(1).get("results").get("validationAccuracy").asDouble()) / 2;
            assertThat(cell.get("value").asDouble()).isEqualTo(max);
            assertThat(cell.get("count").asInt()).isEqualTo(2);
            assertThat(cell.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(same).extracting(t -> t.get("id").asLong()).contains(cell.get("trialId").asLong());
            lowest = Math.min(lowest, max);
            highest = Math.max(highest, max);
            JsonNode meanMap = api.get("/api/searches/" + id + "/heatmap?x=eta&y=lambda&batchSize=100&aggregate=mean")
                    .json();
            JsonNode meanCell = meanMap.get("cells").get(cell.get("xi").asInt() * 2 + cell.get("yi").asInt());
            assertThat(meanCell.get("value").asDouble()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(best.get("min").asDouble()).isEqualTo(lowest);
        assertThat(best.get("max").asDouble()).isEqualTo(highest);

        // held at one seed as well: one trial per cell
        assertThat(api.get("/api/searches/" + id + "/heatmap?x=eta&y=lambda&batchSize=50&seed=1").json()
                .get("trials").asInt()).isEqualTo(6);
        // bad requests name their parameter
        assertThat(api.get("/api/searches/" + id + "/heatmap?x=nope&y=lambda").body()).contains("\"x\"");
        assertThat(api.get("/api/searches/" + id + "/heatmap?x=eta&y=eta").status()).isEqualTo(400);
        assertThat(api.get("/api/searches/" + id + "/heatmap?x=eta&y=lambda&colour=red").body()).contains("colour");
        assertThat(api.get("/api/searches/" + id + "/heatmap?x=eta&y=lambda&batchSize=ten").status()).isEqualTo(400);
        assertThat(api.get("/api/searches/999999/heatmap?x=eta&y=lambda").status()).isEqualTo(404);
    }

    @Test
    void submitPollTopAndCurves() {
        long id = submit("""
                {"name": "e2e", "dataset": "synthetic",
                 "grid": {"lambda": [0, 0.01], "eta": {"min": 0.001, "max": 0.01, "count": 3, "scale": "log"}},
                 "fixed": {"epochs": 3, "batchSize": 100}}""");

        JsonNode status = api.awaitSearch(id, ApiClient::finished, Duration.ofSeconds(90));

        assertThat(status.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(status.get("trialCount").asInt()).isEqualTo(6);
        assertThat(status.get("trials").get("SUCCEEDED").asInt()).isEqualTo(6);
        assertThat(status.get("epochsDone").asLong()).isEqualTo(18);
        assertThat(status.get("epochsTotal").asLong()).isEqualTo(18);
        assertThat(status.get("startedAt").isNull()).isFalse();
        assertThat(status.get("finishedAt").isNull()).isFalse();

        JsonNode top = api.get("/api/searches/" + id + "/top?k=6").json();
        assertThat(top.size()).isEqualTo(6);
        List<Double> validation = new ArrayList<>();
        top.forEach(t -> validation.add(t.get("validationAccuracy").asDouble()));
        assertThat(validation).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(top.get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(top.get(0).get("trialId").asLong())
                .isEqualTo(status.get("best").get("trialId").asLong());
        assertThat(top.get(0).has("testAccuracy")).isTrue();
        assertThat(api.get("/api/searches/" + id + "/top?k=6").body()).isEqualTo(api.get("/api/searches/" + id + "/top?k=6").body());
        JsonNode importance = api.get("/api/searches/" + id + "/importance").json();
        assertThat(importance.get("method").asString()).as("a full grid: exact").isEqualTo("grid");
        assertThat(importance.get("configurations").asInt()).isEqualTo(6);
        assertThat(importance.get("fittedOn").asInt()).isEqualTo(6);
        assertThat(importance.get("parameters").findValuesAsString("name")).containsExactlyInAnyOrder("lambda", "eta");
        double shares = 0;
        for (JsonNode p : importance.get("parameters")) {
            shares += p.get("importance").asDouble();
        }
        assertThat(shares).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        JsonNode byTest = api.get("/api/searches/" + id + "/top?k=2&by=test").json();
        assertThat(byTest.get(0).get("testAccuracy").asDouble()).isGreaterThanOrEqualTo(byTest.get(1).get("testAccuracy").asDouble());

        long trialId = top.get(0).get("trialId").asLong();
        JsonNode epochs = api.get("/api/trials/" + trialId + "/epochs").json();
        assertThat(epochs.size()).isEqualTo(4);
        assertThat(epochs.get(0).get("epoch").asInt()).isZero();
        assertThat(epochs.get(3).get("trainLoss").asDouble()).isLessThan(epochs.get(0).get("trainLoss").asDouble());
        assertThat(db.queryForObject("select count(*) from epoch_metric e join trial t on t.id = e.trial_id"
                + " where t.search_id = ?", Long.class, id)).isEqualTo(24);

        JsonNode trial = api.get("/api/trials/" + trialId).json();
        assertThat(trial.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(trial.get("parameters").get("dataset").asString()).isEqualTo("synthetic");
        assertThat(trial.get("testClassAccuracy").size()).isEqualTo(10);
        assertThat(trial.get("confusion").size()).isEqualTo(10);
        assertThat(trial.get("results").get("validationAccuracy").asDouble())
                .isEqualTo(top.get(0).get("validationAccuracy").asDouble());

        JsonNode sorted = api.get("/api/searches/" + id + "/trials?sort=validationAccuracy,desc&size=3").json();
        assertThat(sorted.get("items").size()).isEqualTo(3);
        assertThat(sorted.get("totalItems").asInt()).isEqualTo(6);
        assertThat(sorted.get("items").get(0).get("results").get("validationAccuracy").asDouble())
                .isEqualTo(validation.get(0));
        JsonNode failed = api.get("/api/searches/" + id + "/trials?state=FAILED").json();
        assertThat(failed.get("totalItems").asInt()).isZero();

        JsonNode list = api.get("/api/searches?size=100").json();
        assertThat(list.get("items").findValuesAsString("name")).contains("e2e");

        JsonNode grid = api.get("/api/searches/" + id + "/grid").json();
        assertThat(grid.get("points").asInt()).isEqualTo(6);
        JsonNode lambda = grid.get("dimensions").get(0);
        assertThat(lambda.get("name").asString()).isEqualTo("lambda");
        assertThat(lambda.get("varying").asBoolean()).isTrue();
        assertThat(lambda.get("values").toString()).isEqualTo("[0.0,0.01]");
        assertThat(grid.get("dimensions").get(1).get("values").size()).isEqualTo(3);
        // the scale the request gave: eta a log range, lambda a list
        assertThat(grid.get("dimensions").get(1).get("scale").asString()).isEqualTo("log");
        assertThat(lambda.get("scale").asString()).isEqualTo("linear");
        assertThat(grid.get("dimensions").get(2).get("name").asString()).isEqualTo("batchSize");
        assertThat(grid.get("dimensions").get(2).get("varying").asBoolean()).isFalse();
        assertThat(grid.get("dimensions").get(2).get("values").toString()).isEqualTo("[100]");
    }

    @Test
    void succeededTrialsKeepTheirWeightsAsAPicture() throws Exception {
        long id = submit("""
                {"dataset": "synthetic", "grid": {"eta": [0.01, 1e200]}, "fixed": {"lambda": 0.1, "epochs": 2}}""");
        api.awaitSearch(id, ApiClient::finished, Duration.ofSeconds(60));
        long ok = db.queryForObject("select id from trial where search_id = ? and state = 'SUCCEEDED'", Long.class, id);
        long diverged = db.queryForObject("select id from trial where search_id = ? and state = 'FAILED'", Long.class, id);

        // stored apart from the trial: float32, W (10 x 3072) then b (10)
        assertThat(db.queryForObject("select classes * 1000000 + features from trial_weights where trial_id = ?",
                Integer.class, ok)).isEqualTo(10_003_072);
        assertThat(db.queryForObject("select weights from trial_weights where trial_id = ?", byte[].class, ok))
                .hasSize((10 * 3072 + 10) * 4);
        assertThat(db.queryForObject("select count(*) from trial_weights where trial_id = ?", Integer.class, diverged))
                .isZero();

        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/trials/" + ok + "/weights.png");
        HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(png.headers().firstValue("Cache-Control").orElse("")).contains("max-age");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(image.getWidth()).isEqualTo(10 * 32 * 4 + 9 * WeightsImage.GAP);
        assertThat(image.getHeight()).isEqualTo(128);
        String etag = png.headers().firstValue("ETag").orElseThrow();
        assertThat(http.send(HttpRequest.newBuilder(uri).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(304);

        ApiClient.Response none = api.get("/api/trials/" + diverged + "/weights.png");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.json().get("detail").asString()).contains("no weights yet (FAILED)");
        ApiClient.Response badScale = api.get("/api/trials/" + ok + "/weights.png?scale=0");
        assertThat(badScale.status()).isEqualTo(400);
        assertThat(badScale.json().get("errors").get(0).get("field").asString()).isEqualTo("scale");
    }

    @Test
    void randomSearchWithRepeatsAndSuccessiveHalvingOverHttp() {
        String body = """
                {"dataset": "synthetic",
                 "grid": {"eta": {"min": 0.0001, "max": 0.01, "scale": "log"}, "lambda": {"min": 0, "max": 0.1}},
                 "fixed": {"epochs": 4, "batchSize": 100},
                 "strategy": {"type": "random", "trials": 4, "seed": 3,
                              "earlyStopping": {"type": "successiveHalving", "minEpochs": 2}},
                 "repeats": 2}""";
        long id = submit(body);
        JsonNode submitted = api.get("/api/searches/" + id).json();
        assertThat(submitted.get("strategy").asString()).isEqualTo("random");
        assertThat(submitted.get("sampleSeed").asLong()).isEqualTo(3);
        assertThat(submitted.get("repeats").asInt()).isEqualTo(2);
        assertThat(submitted.get("earlyStopping").get("type").asString()).isEqualTo("successiveHalving");
        assertThat(submitted.get("earlyStopping").get("reductionFactor").asInt()).isEqualTo(3);
        assertThat(submitted.get("trialCount").asInt()).isEqualTo(8);

        JsonNode status = api.awaitSearch(id, ApiClient::finished, Duration.ofSeconds(90));

        assertThat(status.get("state").asString()).isEqualTo("SUCCEEDED");
        int pruned = status.get("trials").get("PRUNED").asInt();
        assertThat(status.get("trials").get("SUCCEEDED").asInt() + pruned).isEqualTo(8);
        assertThat(status.get("epochsSaved").asLong()).isEqualTo(2L * pruned);
        JsonNode ranking = api.get("/api/searches/" + id + "/top-configurations?k=4").json();
        assertThat(ranking.get("repeats").asInt()).isEqualTo(2);
        assertThat(ranking.get("configurations").size()).isBetween(1, 4);
        assertThat(ranking.get("configurations").get(0).get("repeats").asInt()).isBetween(1, 2);
        String[] csv = api.get("/api/searches/" + id + "/trials.csv").body().split("\n");
        assertThat(csv).hasSize(9);
        // every trial knows its configuration and repeat; the grid's scales are those of the ranges
        JsonNode trials = api.get("/api/searches/" + id + "/trials?size=8").json().get("items");
        assertThat(trials.findValues("configIndex").stream().map(JsonNode::asInt).distinct()).hasSize(4);
        assertThat(trials.findValues("repeatIndex").stream().map(JsonNode::asInt).distinct()).containsOnly(0, 1);
        JsonNode dimensions = api.get("/api/searches/" + id + "/grid").json().get("dimensions");
        assertThat(dimensions.get(0).get("scale").asString()).as("lambda").isEqualTo("linear");
        assertThat(dimensions.get(1).get("scale").asString()).as("eta").isEqualTo("log");

        // the same request draws the same points: the parameter columns (lambda, eta, ..., seed) are equal
        long again = submit(body);
        String[] csvAgain = api.get("/api/searches/" + again + "/trials.csv").body().split("\n");
        for (int i = 1; i < 9; i++) {
            assertThat(parameters(csvAgain[i])).isEqualTo(parameters(csv[i]));
        }
        api.post("/api/searches/" + again + "/cancel", null);
    }

    /** The CSV columns from gridIndex to dtype. */
    private static List<String> parameters(String csvLine) {
        return List.of(csvLine.split(",")).subList(1, 16);
    }

    @Test
    void aDivergingTrialFailsAloneWithItsReason() {
        long id = submit("""
                {"dataset": "synthetic", "grid": {"eta": [0.01, 1e200]}, "fixed": {"lambda": 1, "epochs": 2}}""");

        JsonNode status = api.awaitSearch(id, ApiClient::finished, Duration.ofSeconds(60));

        assertThat(status.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(status.get("trials").get("FAILED").asInt()).isEqualTo(1);
        JsonNode failed = api.get("/api/searches/" + id + "/trials?state=FAILED").json().get("items").get(0);
        assertThat(failed.get("failureReason").asString()).startsWith("diverged at epoch 1");
        assertThat(failed.get("parameters").get("eta").asDouble()).isEqualTo(1e200);
    }

    @Test
    void cancelThenRetry() {
        long id = submit("""
                {"dataset": "synthetic", "grid": {"lambda": [0, 0.001, 0.01, 0.1, 1], "eta": [0.001, 0.01]},
                 "fixed": {"epochs": 40, "batchSize": 10}, "limits": {"maxParallelTrials": 1}}""");
        api.awaitSearch(id, s -> s.get("trials").get("RUNNING").asInt() == 1, Duration.ofSeconds(30));

        ApiClient.Response cancel = api.post("/api/searches/" + id + "/cancel", null);

        assertThat(cancel.status()).isEqualTo(200);
        JsonNode cancelled = api.awaitSearch(id, ApiClient::finished, Duration.ofSeconds(30));
        assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("trials").get("CANCELLED").asInt()).isEqualTo(10);
        // the running one stopped between mini-batches, long before its 40 epochs
        assertThat(db.queryForObject("select max(epochs_done) from trial where search_id = ?", Integer.class, id))
                .isLessThan(40);
        assertThat(api.post("/api/searches/" + id + "/cancel", null).status()).isEqualTo(409);

        ApiClient.Response retry = api.post("/api/searches/" + id + "/retry", null);

        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(db.queryForList("select distinct attempt from trial where search_id = ?", Integer.class, id))
                .containsExactly(2);
        db.update("update trial set epochs = 2 where search_id = ?", id); // finish quickly from here on
        JsonNode done = api.awaitSearch(id, ApiClient::finished, Duration.ofSeconds(60));
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.post("/api/searches/" + id + "/retry", null).status()).isEqualTo(409);
    }

    @Test
    void maxParallelTrialsHolds() {
        long id = submit("""
                {"dataset": "synthetic", "grid": {"lambda": [0, 0.1, 1]}, "fixed": {"epochs": 4, "batchSize": 10},
                 "limits": {"maxParallelTrials": 1}}""");
        int most = 0;
        JsonNode status;
        do {
            status = api.get("/api/searches/" + id).json();
            most = Math.max(most, status.get("trials").get("RUNNING").asInt());
        } while (!ApiClient.finished(status));
        assertThat(most).isEqualTo(1);
        assertThat(status.get("state").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void unknownIdsAre404ProblemDetails() {
        for (String path : List.of("/api/searches/999999", "/api/trials/999999", "/api/trials/999999/epochs",
                "/api/searches/999999/trials", "/api/searches/999999/top", "/api/searches/999999/grid",
                "/api/searches/999999/importance",
                "/api/trials/999999/weights.png")) {
            ApiClient.Response r = api.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asString()).contains("999999");
        }
        assertThat(api.post("/api/searches/999999/cancel", null).status()).isEqualTo(404);
    }

    @Test
    void cifar10IsRefusedWhileItIsMissingSayingHowToProvideIt() {
        ApiClient.Response r = api.post("/api/searches", "{\"grid\": {\"lambda\": [0]}}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("detail").asString()).contains("fetch-data").contains("no-cifar-here");
        assertThat(db.queryForObject("select count(*) from search where dataset = 'cifar10'", Long.class)).isZero();
    }

    @Test
    void metricsAndHealthAreExposed() {
        submit("{\"dataset\": \"synthetic\", \"grid\": {\"lambda\": [0]}, \"fixed\": {\"epochs\": 1}}");
        String prometheus = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !prometheus.contains("hypergrid_trials_finished_total")) {
            prometheus = api.get("/actuator/prometheus").body();
        }
        assertThat(prometheus).contains("hypergrid_trials_finished_total{outcome=\"succeeded\"}")
                .contains("hypergrid_trials{state=\"pending\"}").contains("hypergrid_queue_depth")
                .contains("hypergrid_workers 2.0").contains("hypergrid_workers_busy")
                .contains("hypergrid_epoch_duration_seconds_count").contains("hypergrid_training_samples_total")
                .contains("hypergrid_trial_duration_seconds").contains("hypergrid_memory_resident_bytes")
                .contains("jvm_memory_used_bytes");
        JsonNode health = api.get("/actuator/health").json();
        assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("workers").get("details").get("total").asInt()).isEqualTo(2);
        assertThat(health.get("components").get("datasets").get("details").get("cifar10").asString()).startsWith("MISSING");
        assertThat(api.get("/api/datasets").json().findValuesAsString("name")).containsExactly("cifar10", "synthetic");
        assertThat(api.get("/v3/api-docs").body()).contains("/api/searches/{id}/top");
    }
}
