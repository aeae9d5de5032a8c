package io.hypergrid.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A corpus of malformed and hostile requests across every endpoint: duplicate keys, huge numbers, deep nesting,
 * oversized bodies, wrong content types, bytes that are not UTF-8, bad and unknown query parameters, wrong methods.
 * Each is answered 4xx with problem details (never a 500, never a stack trace) and leaves the database exactly as it
 * was: the same searches, trials (in the same states) and per-epoch rows. BadInputTest covers the grid's semantic
 * validation field by field; this is about the edges of HTTP and JSON. Run on H2 ({@link HostileInputTest}) and on
 * PostgreSQL ({@link PostgresHostileInputIT}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.workers=1",
        "hypergrid.execution.poll=100ms",
        "hypergrid.limits.max-trials-per-search=100",
        "hypergrid.limits.max-epochs=500",
        "hypergrid.limits.max-request-bytes=100000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileInputContract {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OK_GRID = "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},\"fixed\":{\"epochs\":1}}";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate db;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private long searchId;
    private long trialId;

    /** One finished search, so that every read endpoint has something to read and epoch rows exist. */
    @BeforeAll
    void aFinishedSearch() throws Exception {
        HttpResponse<String> created = send("POST", "/api/searches", "application/json", bytes(OK_GRID), false);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        searchId = JSON.readTree(created.body()).get("id").asLong();
        awaitSucceeded(searchId);
        trialId = db.queryForObject("select min(id) from trial where search_id = ?", Long.class, searchId);
    }

    private void awaitSucceeded(long search) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"SUCCEEDED".equals(db.queryForObject("select max(state) from trial where search_id = ?", String.class,
                search)) || !JSON.readTree(send("GET", "/api/searches/" + search, null, null, false).body())
                .get("state").asString().equals("SUCCEEDED")) {
            assertThat(System.nanoTime()).as("search finished").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static Stream<Arguments> corpus() {
        String deep = "[".repeat(100) + "]".repeat(100);
        String longName = "x".repeat(70_000);
        byte[] notUtf8 = concat(bytes("{\"name\":\""), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28},
                bytes("\",\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]}}"));
        byte[] truncatedUtf8 = concat(bytes("{\"name\":\"caf"), new byte[] {(byte) 0xc3},
                bytes("\",\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]}}"));
        byte[] overlongUtf8 = concat(bytes("{\"name\":\""), new byte[] {(byte) 0xc0, (byte) 0xaf},
                bytes("\",\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]}}"));
        String json = "application/json";
        Stream<Arguments> unstorableNames = unstorableNames().map(a -> post("a name with " + a.get()[0],
                named((String) a.get()[1]), 400));
        return Stream.concat(unstorableNames, Stream.of(
                // JSON the parser refuses
                post("duplicate top-level key", "{\"dataset\":\"synthetic\",\"dataset\":\"cifar10\",\"grid\":{\"lambda\":[0]}}", 400),
                post("duplicate dimension", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0],\"lambda\":[1]}}", 400),
                post("duplicate key in a range", "{\"dataset\":\"synthetic\",\"grid\":{\"eta\":{\"min\":0.1,\"min\":0.2,\"max\":1,\"count\":2}}}", 400),
                post("a 200-digit integer", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},\"fixed\":{\"epochs\":1"
                        + "0".repeat(199) + "}}", 400),
                post("a 200-digit fraction", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0." + "1".repeat(200) + "]}}", 400),
                post("a float beyond double", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[1e999]}}", 400),
                post("an int field beyond int", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},\"repeats\":99999999999999999999}", 400),
                post("a limit beyond int", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},\"limits\":{\"maxParallelTrials\":1e10}}", 400),
                post("a batch size beyond int", "{\"dataset\":\"synthetic\",\"grid\":{\"batchSize\":[-2147483649]}}", 400),
                post("a seed beyond long", "{\"dataset\":\"synthetic\",\"grid\":{\"seed\":[1e300]}}", 400),
                post("epochs of a billion", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},\"fixed\":{\"epochs\":1000000000}}", 400),
                post("100 levels of nesting", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":" + deep + "}}", 400),
                post("nesting in an unknown field", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},\"x\":" + deep + "}", 400),
                post("a 70,000-character name", "{\"name\":\"" + longName + "\",\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]}}", 400),
                post("a 300-character key", "{\"dataset\":\"synthetic\",\"grid\":{\"" + "k".repeat(300) + "\":[0]}}", 400),
                post("NaN literal", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[NaN]}}", 400),
                post("Infinity literal", "{\"dataset\":\"synthetic\",\"grid\":{\"eta\":[Infinity]}}", 400),
                post("a comment", "{\"dataset\":\"synthetic\", /* hi */ \"grid\":{\"lambda\":[0]}}", 400),
                post("single quotes", "{'dataset':'synthetic','grid':{'lambda':[0]}}", 400),
                post("trailing garbage", OK_GRID + " {\"more\": 1}", 400),
                post("a NUL byte", "{\"dataset\":\"synthetic\"\u0000,\"grid\":{\"lambda\":[0]}}", 400),
                post("a raw U+0007 in a string, not escaped", named("bell\u0007"), 400),
                post("an unterminated string", "{\"dataset\":\"synthetic", 400),
                post("the JSON null", "null", 400),
                post("a JSON string", "\"a search\"", 400),
                post("a JSON number", "42", 400),
                post("the name as an array", "{\"name\":[1],\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]}}", 400),
                Arguments.of("bytes that are not UTF-8", "POST", "/api/searches", json, notUtf8, false, 400),
                Arguments.of("UTF-8 cut in the middle of a character", "POST", "/api/searches", json, truncatedUtf8, false, 400),
                Arguments.of("an overlong UTF-8 encoding", "POST", "/api/searches", json, overlongUtf8, false, 400),
                // bodies too large and content types that are not JSON
                Arguments.of("a body above the limit", "POST", "/api/searches", json,
                        bytes("{\"name\":\"" + "x".repeat(150_000) + "\"}"), false, 413),
                Arguments.of("a chunked body above the limit", "POST", "/api/searches", json,
                        bytes("{\"name\":\"" + "x".repeat(150_000) + "\"}"), true, 413),
                Arguments.of("text/plain", "POST", "/api/searches", "text/plain", bytes(OK_GRID), false, 415),
                Arguments.of("XML", "POST", "/api/searches", "application/xml", bytes("<search/>"), false, 415),
                Arguments.of("a form", "POST", "/api/searches", "application/x-www-form-urlencoded", bytes("lambda=0"), false, 415),
                Arguments.of("no content type", "POST", "/api/searches", null, bytes(OK_GRID), false, 415),
                Arguments.of("an unknown charset", "POST", "/api/searches", "application/json;charset=klingon",
                        bytes(OK_GRID), false, 415),
                Arguments.of("a malformed media type", "POST", "/api/searches", "json/", bytes(OK_GRID), false, 415),
                // query and path parameters of every endpoint
                get("/api/searches?page=abc", 400),
                get("/api/searches?size=99999999999", 400),
                get("/api/searches?pgae=2", 400),
                get("/api/searches?page=1&page=2", 400),
                get("/api/searches/99999999999999999999", 400),
                get("/api/searches/{id}?verbose=true", 400),
                get("/api/searches/abc/grid", 400),
                get("/api/searches/{id}/grid?page=1", 400),
                get("/api/searches/{id}/trials?state=DONE", 400),
                get("/api/searches/{id}/trials?page=-1", 400),
                get("/api/searches/{id}/trials?size=0", 400),
                get("/api/searches/{id}/trials?sort=lambda,asc,desc", 400),
                get("/api/searches/{id}/trials.csv?format=xml", 400),
                get("/api/searches/x/trials.json", 400),
                get("/api/searches/{id}/top?k=100000", 400),
                get("/api/searches/{id}/top?k=1.5", 400),
                get("/api/searches/{id}/top-configurations?by=loss", 400),
                get("/api/searches/{id}/top-configurations?k=abc", 400),
                get("/api/trials/top?split=batch9", 400),
                get("/api/trials/top?dataset=mnist", 400),
                get("/api/trials/top?k=0", 400),
                get("/api/trials/1e3", 400),
                get("/api/trials/{trial}/epochs?epoch=3", 400),
                get("/api/trials/{trial}/weights.png?scale=0", 400),
                get("/api/trials/{trial}/weights.png?scale=17", 400),
                get("/api/trials/{trial}/weights.png?scale=1e3", 400),
                get("/api/datasets?all=true", 400),
                get("/api/searches/-1", 404),
                get("/api/trials/-1/epochs", 404),
                get("/api/searches/987654/trials.csv", 404),
                get("/api/nope", 404),
                Arguments.of("cancel with a bad id", "POST", "/api/searches/abc/cancel", null, null, false, 400),
                Arguments.of("cancel with an unknown parameter", "POST", "/api/searches/{id}/cancel?force=true", null, null, false, 400),
                Arguments.of("retry of no such search", "POST", "/api/searches/987654/retry", null, null, false, 404),
                Arguments.of("cancel of a finished search", "POST", "/api/searches/{id}/cancel", null, null, false, 409),
                Arguments.of("retry with nothing to retry", "POST", "/api/searches/{id}/retry", null, null, false, 409),
                Arguments.of("submit with a query parameter", "POST", "/api/searches?dryRun=true", json, bytes(OK_GRID), false, 400),
                // methods the API does not have
                Arguments.of("DELETE a search", "DELETE", "/api/searches/{id}", null, null, false, 405),
                Arguments.of("PUT the searches", "PUT", "/api/searches", json, bytes(OK_GRID), false, 405),
                Arguments.of("PATCH a trial", "PATCH", "/api/trials/{trial}", json, bytes("{}"), false, 405),
                Arguments.of("GET a cancel", "GET", "/api/searches/{id}/cancel", null, null, false, 405)));
    }

    /**
     * Names that not every database stores as sent (PostgreSQL refuses U+0000 in text; no UTF-8 column holds half a
     * surrogate pair), and other text that is not one line of plain text: the JSON of the name, and what the reason
     * says. Indices count UTF-16 code units, as JSON's escapes do.
     */
    static Stream<Arguments> unstorableNames() {
        return Stream.of(
                Arguments.of("U+0000 as the JSON escape", "run\\u0000", "control characters (U+0000 at index 3)"),
                Arguments.of("a control character, U+0007 escaped", "\\u0007bell", "control characters (U+0007 at index 0)"),
                Arguments.of("a raw C1 control character, U+009B in UTF-8", "ansi\u009b31m", "control characters (U+009B at index 4)"),
                Arguments.of("a line break", "two\\nlines", "one line without tabs or line breaks (U+000A at index 3)"),
                Arguments.of("an unpaired high surrogate", "\\ud800", "valid Unicode (unpaired surrogate U+D800 at index 0)"),
                Arguments.of("a lone low surrogate", "x\\udc00", "valid Unicode (unpaired surrogate U+DC00 at index 1)"),
                Arguments.of("a reversed surrogate pair", "\\udc00\\ud800", "valid Unicode (unpaired surrogate U+DC00 at index 0)"),
                Arguments.of("a noncharacter", "\\uffff", "without noncharacters (U+FFFF at index 0)"));
    }

    /** A submission of one short trial under this name, given as the JSON between the quotes. */
    private static String named(String jsonName) {
        return "{\"name\":\"" + jsonName + "\",\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},\"fixed\":{\"epochs\":1}}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unstorableNames")
    void aNameNotEveryDatabaseStoresIsRefusedNamingTheField(String description, String jsonName, String reason)
            throws Exception {
        List<Object> before = database();

        HttpResponse<String> r = send("POST", "/api/searches", "application/json", bytes(named(jsonName)), false);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.body()).startsWith("application/problem+json");
        JsonNode errors = JSON.readTree(r.body()).get("errors");
        assertThat(errors).as(r.body()).isNotNull();
        List<String> fields = new java.util.ArrayList<>();
        for (int i = 0; i < errors.size(); i++) {
            fields.add(errors.get(i).get("field").asString() + ": " + errors.get(i).get("reason").asString());
        }
        assertThat(fields).as(r.body()).singleElement().asString().startsWith("name: must be ").contains(reason);
        assertThat(database()).isEqualTo(before);
    }

    static Stream<Arguments> namesInAnyScript() {
        String name = "\u00dcn\u00efc\u00f8d\u00e9 \u540d\u524d \ud83d\ude80"; // "Ünïcødé 名前 🚀"
        return Stream.of(Arguments.of("sent as UTF-8", name, name),
                Arguments.of("sent as JSON escapes, the rocket as a surrogate pair",
                        "\\u00dcn\\u00efc\\u00f8d\\u00e9 \\u540d\\u524d \\ud83d\\ude80", name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namesInAnyScript")
    void aNameInAnyScriptIsStoredAndReadBackAsSent(String description, String jsonName, String name) throws Exception {
        HttpResponse<String> created = send("POST", "/api/searches", "application/json", bytes(named(jsonName)), false);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = JSON.readTree(created.body()).get("id").asLong();
        awaitSucceeded(id); // the corpus compares a database at rest

        assertThat(JSON.readTree(created.body()).get("name").asString()).isEqualTo(name);
        assertThat(JSON.readTree(send("GET", "/api/searches/" + id, null, null, false).body()).get("name").asString())
                .isEqualTo(name);
        assertThat(db.queryForObject("select name from search where id = ?", String.class, id)).isEqualTo(name);
    }

    private static Arguments post(String name, String body, int status) {
        return Arguments.of(name, "POST", "/api/searches", "application/json", bytes(body), false, status);
    }

    private static Arguments get(String path, int status) {
        return Arguments.of("GET " + path, "GET", path, null, null, false, status);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void answeredWithProblemDetailsAndNothingChanges(String name, String method, String path, String contentType,
                                                     byte[] body, boolean chunked, int status) throws Exception {
        List<Object> before = database();

        HttpResponse<String> r = send(method, path, contentType, body, chunked);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.body()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("tools.jackson");
        assertThat(database()).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void theCorpusIsLargeAndCoversEveryEndpoint() {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(40);
        List<String> paths = corpus().map(a -> (String) a.get()[2]).toList();
        for (String endpoint : List.of("/api/searches?", "/api/searches/{id}?", "/grid", "/trials?", "/trials.csv",
                "/trials.json", "/top?", "/top-configurations", "/cancel", "/retry", "/api/trials/top", "/epochs",
                "/weights.png", "/api/datasets")) {
            assertThat(paths).as(endpoint).anyMatch(p -> p.contains(endpoint));
        }
    }

    /** Counts of every table the API writes, and the trials' states and attempts. */
    private List<Object> database() {
        return List.of(db.queryForObject("select count(*) from search", Long.class),
                db.queryForObject("select count(*) from trial", Long.class),
                db.queryForObject("select count(*) from epoch_metric", Long.class),
                db.queryForList("select id || ':' || state || ':' || attempt from trial order by id", String.class),
                db.queryForList("select id || ':' || cancel_requested from search order by id", String.class));
    }

    private HttpResponse<String> send(String method, String path, String contentType, byte[] body, boolean chunked)
            throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + path.replace("{id}", Long.toString(searchId)).replace("{trial}", Long.toString(trialId))))
                .timeout(Duration.ofSeconds(30)).method(method, publisher);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
