package io.hypergrid.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queue is bounded: a submission or a retry that would put more than hypergrid.limits.max-pending-trials trials
 * in it is refused with 503, Retry-After and problem details, and stores nothing. No workers here: trials stay queued.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:back-pressure;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.execution.enabled=false",
        "hypergrid.limits.max-pending-trials=5",
        "hypergrid.limits.retry-after=42s"})
class BackPressureTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate db;

    @Test
    void aFullQueueRefusesWithRetryAfterAndStoresNothing() throws Exception {
        ApiClient api = new ApiClient(port);
        ApiClient.Response first = api.post("/api/searches", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0,0.1,1]}}");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        long id = first.json().get("id").asLong();
        List<Long> before = counts();

        HttpResponse<String> full = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/searches")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0,0.1,1]}}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(full.statusCode()).isEqualTo(503);
        assertThat(full.headers().firstValue("Retry-After")).hasValue("42");
        assertThat(full.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(full.body()).contains("3 more would exceed the limit of 5");
        assertThat(counts()).isEqualTo(before);

        // what fits still goes in: 3 + 2 = 5
        assertThat(api.post("/api/searches", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0,0.1]}}").status())
                .isEqualTo(201);

        // a retry counts too: cancel the first search (3 trials leave the queue), fill it, then retry the first
        assertThat(api.post("/api/searches/" + id + "/cancel", null).status()).isEqualTo(200);
        assertThat(api.post("/api/searches", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0,0.1,1]}}").status())
                .isEqualTo(201);
        List<Long> full2 = counts();
        ApiClient.Response retry = api.post("/api/searches/" + id + "/retry", null);
        assertThat(retry.status()).as(retry.body()).isEqualTo(503);
        assertThat(counts()).isEqualTo(full2);
        assertThat(db.queryForObject("select count(*) from trial where search_id = ? and state = 'CANCELLED'",
                Long.class, id)).isEqualTo(3);
    }

    private List<Long> counts() {
        return List.of(db.queryForObject("select count(*) from search", Long.class),
                db.queryForObject("select count(*) from trial", Long.class),
                db.queryForObject("select count(*) from trial where state = 'PENDING'", Long.class));
    }
}
