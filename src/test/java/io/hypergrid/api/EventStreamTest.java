package io.hypergrid.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GET /api/searches/{id}/events: status events while the search runs, end and the close, a bounded number of streams. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:events;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.workers=1",
        "hypergrid.execution.poll=100ms",
        "hypergrid.events.poll=200ms",
        "hypergrid.events.max-streams=2"})
// closed after its tests: a context left running adds its threads' garbage to ExportTest's heap measurement
@org.springframework.test.annotation.DirtiesContext
class EventStreamTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private HttpRequest events(long id) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/searches/" + id + "/events"))
                .header("Accept", "text/event-stream").build();
    }

    /** The stream's events as (name, data) pairs, read until the server closes it. */
    private CompletableFuture<List<String[]>> read(long id) {
        return http.sendAsync(events(id), HttpResponse.BodyHandlers.ofLines()).thenApply(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            List<String[]> out = new ArrayList<>();
            String[] name = {null};
            try (Stream<String> lines = r.body()) {
                lines.forEach(line -> {
                    if (line.startsWith("event:")) {
                        name[0] = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        out.add(new String[] {name[0], line.substring(5).strip()});
                    }
                });
            }
            return out;
        });
    }

    @Test
    void statusEventsWhileItRunsThenEndAndTheStreamClosesAndStreamsAreBounded() throws Exception {
        ApiClient api = new ApiClient(port);
        ApiClient.Response created = api.post("/api/searches", """
                {"name": "events", "dataset": "synthetic", "grid": {"lambda": [0, 0.01, 0.1]},
                 "fixed": {"epochs": 40}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        CompletableFuture<List<String[]>> first = read(id);
        CompletableFuture<List<String[]>> second = read(id);
        Thread.sleep(500); // both open
        HttpResponse<String> third = http.send(events(id), HttpResponse.BodyHandlers.ofString());
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(JSON.readTree(third.body()).get("detail").asString()).contains("max-streams");

        List<String[]> got = first.get(120, TimeUnit.SECONDS); // returns only once the server has closed it
        assertThat(got).isNotEmpty();
        assertThat(got.subList(0, got.size() - 1)).allSatisfy(e -> assertThat(e[0]).isEqualTo("status"));
        assertThat(got.get(got.size() - 1)[0]).isEqualTo("end");
        JsonNode end = JSON.readTree(got.get(got.size() - 1)[1]);
        assertThat(end.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(end.get("epochsDone").asLong()).isEqualTo(120);
        assertThat(got.size()).as("status changes seen while it ran").isGreaterThan(2);
        long previous = -1;
        for (String[] e : got) {
            long done = JSON.readTree(e[1]).get("epochsDone").asLong();
            assertThat(done).isGreaterThanOrEqualTo(previous);
            previous = done;
        }
        assertThat(second.get(10, TimeUnit.SECONDS).get(second.get().size() - 1)[0]).isEqualTo("end");

        // both slots free again; a finished search's stream says end at once and closes
        List<String[]> late = read(id).get(10, TimeUnit.SECONDS);
        assertThat(late).hasSize(1);
        assertThat(late.get(0)[0]).isEqualTo("end");
        assertThat(http.send(events(999_999), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }
}
