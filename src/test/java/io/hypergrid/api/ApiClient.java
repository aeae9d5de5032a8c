package io.hypergrid.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP against the application under test. */
final class ApiClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Response(int status, String contentType, String location, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, String body) {
        return post(path, body, "application/json");
    }

    Response post(String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("Location").orElse(null), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls a search until the predicate holds on its status, or fails after the timeout. */
    JsonNode awaitSearch(long id, Predicate<JsonNode> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status;
        do {
            status = get("/api/searches/" + id).json();
            if (until.test(status)) {
                return status;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("search " + id + " did not get there in " + timeout + ": " + status);
    }

    static boolean finished(JsonNode status) {
        String s = status.get("state").asString();
        return s.equals("SUCCEEDED") || s.equals("FAILED") || s.equals("CANCELLED");
    }
}
