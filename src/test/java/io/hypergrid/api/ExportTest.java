package io.hypergrid.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.search.SearchService;
import io.hypergrid.Requests;
import io.hypergrid.WithoutWorkers;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** GET /api/searches/{id}/trials.csv and .json: every trial, streamed. No workers: results are written with SQL. */
@WithoutWorkers
class ExportTest {
    @LocalServerPort
    int port;
    @Autowired
    SearchService searches;
    @Autowired
    JdbcTemplate db;

    @Test
    void csvAndJsonHoldEveryTrialWithParametersStateMetricsAndTiming() {
        long id = searches.submit(Requests.grid("small", "synthetic", Map.of("lambda", List.of(0, 0.1, 1)),
                Map.of("epochs", 3))).id();
        db.update("update trial set state = 'SUCCEEDED', validation_accuracy = 0.25, test_accuracy = 0.5,"
                + " training_seconds = 1.5, epochs_done = 3, started_at = timestamp with time zone '2026-01-02 03:04:05+00',"
                + " finished_at = current_timestamp where search_id = ? and grid_index = 0", id);
        db.update("update trial set state = 'FAILED', failure_reason = 'diverged, said \"the cost\"'"
                + " where search_id = ? and grid_index = 2", id);
        ApiClient api = new ApiClient(port);

        ApiClient.Response csv = api.get("/api/searches/" + id + "/trials.csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("trialId,gridIndex,configIndex,repeatIndex,dataset,split,lambda,eta,batchSize,"
                + "epochs,loss").contains(",state,attempt,epochsDone,").endsWith(",trainingSeconds,startedAt,finishedAt,failureReason,stopReason");
        assertThat(lines[1]).contains(",0,0,0,synthetic,batch1,0.0,0.001,100,3,softmax,0,1.0,false,0,float32,0.01,SUCCEEDED,1,3,")
                .contains(",0.25,").contains(",0.5,").contains(",1.5,2026-01-02T03:04:05Z,");
        assertThat(lines[2]).contains(",PENDING,");
        assertThat(lines[3]).endsWith(",\"diverged, said \"\"the cost\"\"\",");

        ApiClient.Response json = api.get("/api/searches/" + id + "/trials.json");

        assertThat(json.status()).isEqualTo(200);
        JsonNode rows = json.json();
        assertThat(rows.size()).isEqualTo(3);
        assertThat(rows.get(0).get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(rows.get(0).get("validationAccuracy").asDouble()).isEqualTo(0.25);
        assertThat(rows.get(0).get("lambda").asDouble()).isEqualTo(0.0);
        assertThat(rows.get(0).get("shuffle").asBoolean()).isFalse();
        assertThat(rows.get(0).get("startedAt").asString()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(rows.get(1).get("testAccuracy").isNull()).isTrue();
        assertThat(rows.get(2).get("failureReason").asString()).isEqualTo("diverged, said \"the cost\"");

        assertThat(api.get("/api/searches/999999/trials.csv").status()).isEqualTo(404);
        assertThat(api.get("/api/searches/999999/trials.json").contentType()).startsWith("application/problem+json");
    }

    /**
     * 100,000 trials (a 100 x 1,000 grid stored by the batch insert, results filled in with SQL). The CSV is read
     * line by line as it arrives, and every 10,000 lines the server's used heap after a full GC (the test runs in the
     * server's JVM) is compared with the same before the request: it must stay far below the size of the export
     * itself, which is what holding the rows, or the text, in memory would add.
     */
    @Test
    void theCsvOfA100000TrialSearchStreamsWithBoundedMemory() throws Exception {
        long id = searches.submit(Requests.grid("big", "synthetic",
                Map.of("lambda", Map.of("min", 0, "max", 1, "count", 100),
                        "eta", Map.of("min", 1e-5, "max", 0.1, "count", 1000, "scale", "log")),
                Map.of("epochs", 40))).id();
        db.update("update trial set state = 'SUCCEEDED', epochs_done = 40, validation_accuracy = rand(),"
                + " validation_loss = rand(), test_accuracy = rand(), train_accuracy = rand(), training_seconds = rand(),"
                + " started_at = current_timestamp, finished_at = current_timestamp where search_id = ?", id);
        long baseline = usedHeapAfterGc();

        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/searches/" + id + "/trials.csv")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        long chars = 0;
        long mostGrowth = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                chars += line.length() + 1;
                if (lines % 10_000 == 0) {
                    mostGrowth = Math.max(mostGrowth, usedHeapAfterGc() - baseline);
                }
            }
        }

        System.out.printf("export of 100,000 trials: %,d chars, most heap growth %,d bytes%n", chars, mostGrowth);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lines).isEqualTo(100_001); // header and every trial
        long bound = 8L << 20;
        assertThat(chars).as("the export itself is large against the bound").isGreaterThan(3 * bound);
        assertThat(mostGrowth).as("heap growth during the export, bytes (export: %d chars)", chars).isLessThan(bound);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
