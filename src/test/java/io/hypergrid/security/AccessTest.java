package io.hypergrid.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what, with both tokens configured: every read of the API and of the actuator needs the reader or the
 * admin token, every write the admin token; the public pages need nothing; 401 (with WWW-Authenticate) without or
 * with a wrong token, 403 for a reader who writes, each as problem details and with nothing changed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:access;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.workers=1",
        "hypergrid.execution.poll=100ms",
        // printf %s admin-secret | sha256sum, and reader-secret; upper case works too
        "hypergrid.security.admin-token-sha256=" + AccessTest.ADMIN_SHA256,
        "hypergrid.security.reader-token-sha256=" + AccessTest.READER_SHA256})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTest {
    static final String ADMIN = "admin-secret";
    static final String READER = "reader-secret";
    static final String ADMIN_SHA256 = "16175223C8DDCE5ACE0493C948569C211B03C4C6BB3D3E484434999448CFFE01";
    static final String READER_SHA256 = "f03319dee240faa729e0cfa7ab5ffd80a1d64a127e3643f239009abff6382914";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GRID = "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},\"fixed\":{\"epochs\":1}}";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate db;
    @Autowired
    Environment environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long searchId;
    long trialId;

    @BeforeAll
    void aFinishedSearch() throws Exception {
        HttpResponse<String> created = send("POST", "/api/searches", ADMIN, GRID);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        searchId = JSON.readTree(created.body()).get("id").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!JSON.readTree(send("GET", "/api/searches/" + searchId, READER, null).body()).get("state").asString()
                .equals("SUCCEEDED")) {
            assertThat(System.nanoTime()).as("search finished").isLessThan(deadline);
            Thread.sleep(100);
        }
        trialId = db.queryForObject("select min(id) from trial where search_id = ?", Long.class, searchId);
    }

    /** Every read endpoint; {id} and {trial} become the finished search and its trial. */
    static Stream<String> reads() {
        return Stream.of("/api/searches", "/api/searches/{id}", "/api/searches/{id}/grid", "/api/searches/{id}/trials",
                "/api/searches/{id}/trials.csv", "/api/searches/{id}/trials.json", "/api/searches/{id}/top",
                "/api/searches/{id}/top-configurations", "/api/trials/top", "/api/trials/{trial}",
                "/api/trials/{trial}/epochs", "/api/trials/{trial}/weights.png", "/api/datasets",
                "/actuator/prometheus", "/actuator/info");
    }

    /** Every state-changing endpoint. */
    static Stream<Arguments> writes() {
        return Stream.of(Arguments.of("/api/searches", GRID), Arguments.of("/api/searches/{id}/cancel", null),
                Arguments.of("/api/searches/{id}/retry", null));
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("reads")
    void readsNeedTheReaderOrAdminToken(String path) throws Exception {
        refused(send("GET", path, null, null), 401);
        refused(send("GET", path, "wrong-secret", null), 401);
        refused(send("GET", path, READER.substring(0, READER.length() - 1), null), 401);
        assertThat(send("GET", path, READER, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", path, ADMIN, null).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "POST {0}")
    @MethodSource("writes")
    void writesNeedTheAdminToken(String path, String body) throws Exception {
        List<Long> before = counts();
        refused(send("POST", path, null, body), 401);
        refused(send("POST", path, "wrong-secret", body), 401);
        refused(send("POST", path, READER, body), 403);
        assertThat(counts()).isEqualTo(before);
        assertThat(stateOfTrials()).doesNotContain("CANCELLED", "PENDING");
    }

    @Test
    void onlyTheBearerSchemeCounts() throws Exception {
        for (String header : List.of("Basic " + READER, READER, "Bearer", "Bearer ", "bearer  " + READER + "x")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/api/searches")))
                    .header("Authorization", header).build(), HttpResponse.BodyHandlers.ofString());
            refused(r, 401);
        }
        HttpResponse<String> lower = http.send(HttpRequest.newBuilder(URI.create(url("/api/searches")))
                .header("Authorization", "bearer " + READER).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(lower.statusCode()).isEqualTo(200);
    }

    @Test
    void theAdminTokenWrites() throws Exception {
        HttpResponse<String> r = send("POST", "/api/searches", ADMIN, GRID);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void otherMethodsNeedTheAdminTokenToo() throws Exception {
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            refused(send(method, "/api/searches/" + searchId, null, null), 401);
            refused(send(method, "/api/searches/" + searchId, READER, null), 403);
            // the admin gets as far as the API, which has no such method
            assertThat(send(method, "/api/searches/" + searchId, ADMIN, null).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void theDashboardTheApiDescriptionAndHealthArePublicButHealthDetailsAreNot() throws Exception {
        for (String path : List.of("/", "/index.html", "/js/app.js", "/js/auth.js", "/css/dashboard.css",
                "/favicon.svg", "/v3/api-docs", "/swagger-ui.html")) {
            assertThat(send("GET", path, null, null).statusCode()).as(path).isIn(200, 302);
        }
        HttpResponse<String> anonymous = send("GET", "/actuator/health", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(anonymous.body());
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.has("components")).as(anonymous.body()).isFalse();
        JsonNode withToken = JSON.readTree(send("GET", "/actuator/health", READER, null).body());
        assertThat(withToken.get("components").get("db").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void unknownPathsAndTricksAreNotPublic() throws Exception {
        for (String path : List.of("/api/nope", "/actuator/env", "/actuator/heapdump", "/h2-console",
                "/js/../api/searches", "/api/searches;x=1", "/actuator/health/../../api/searches")) {
            HttpResponse<String> r = send("GET", path, null, null);
            assertThat(r.statusCode()).as(path).isIn(400, 401, 404);
            assertThat(r.body()).as(path).doesNotContain("\"items\"");
        }
        // with a token: the actuator shows only health, info and prometheus; no H2 console
        for (String path : List.of("/actuator/env", "/actuator/heapdump", "/actuator/beans", "/h2-console")) {
            assertThat(send("GET", path, ADMIN, null).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void corsIsClosedByDefault() throws Exception {
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(url("/api/searches")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(url("/api/searches")))
                .header("Origin", "https://evil.example").header("Authorization", "Bearer " + READER).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void withTokensTheServiceBindsAsConfigured() {
        assertThat(environment.getProperty("server.address")).isNull();
    }

    private void refused(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        if (status == 401) {
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        }
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path.replace("{id}", Long.toString(searchId))
                        .replace("{trial}", Long.toString(trialId)))))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private List<Long> counts() {
        return List.of(db.queryForObject("select count(*) from search", Long.class),
                db.queryForObject("select count(*) from trial", Long.class),
                db.queryForObject("select count(*) from epoch_metric", Long.class));
    }

    private List<String> stateOfTrials() {
        return db.queryForList("select state from trial where search_id = ?", String.class, searchId);
    }
}
