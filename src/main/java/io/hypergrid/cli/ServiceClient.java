package io.hypergrid.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client commands' link to a running service: {@code --url} (else HYPERGRID_URL, else http://localhost:8080) and
 * {@code --token} (else HYPERGRID_TOKEN, else none). An answer that is a problem detail becomes a {@link Problem}:
 * its title and detail on one line, then one line per invalid field.
 */
final class ServiceClient {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> OPTIONS = Set.of("url", "token");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    ServiceClient(Args args, Map<String, String> env) {
        String url = args.string("url", env.getOrDefault("HYPERGRID_URL", "http://localhost:8080"));
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        String t = args.string("token", env.get("HYPERGRID_TOKEN"));
        this.token = t == null || t.isBlank() ? null : t;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    JsonNode post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)).build());
    }

    /**
     * Opens a server-sent event stream. No request timeout: the stream lasts as long as the search; the caller
     * watches for silence (the service sends a comment every 15 s).
     */
    <T> CompletableFuture<HttpResponse<T>> stream(String path, HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream");
        return http.sendAsync((token == null ? b : b.header("Authorization", "Bearer " + token)).GET().build(), handler);
    }

    /** What a failed {@link #stream} call means: the service unreachable, or another I/O failure as it was. */
    RuntimeException unwrap(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof ConnectException) {
            return unreachable();
        }
        return t instanceof RuntimeException r ? r : new java.io.UncheckedIOException(new IOException(t));
    }

    private URI uri(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private Unreachable unreachable() {
        return new Unreachable(base + ": cannot connect (is the service running? --url or HYPERGRID_URL)");
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw unreachable();
        }
        JsonNode body = parse(r.body());
        if (r.statusCode() >= 400) {
            throw Problem.of(r.statusCode(), body);
        }
        return body;
    }

    /** The body as JSON; null when blank or not JSON. */
    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The service could not be reached: exit code 3. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }

    /** An answer of 400 or more: exit code 1, printed as lines. */
    static final class Problem extends RuntimeException {
        final int status;
        final List<String> lines;

        private Problem(int status, List<String> lines) {
            super(lines.get(0));
            this.status = status;
            this.lines = lines;
        }

        static Problem of(int status, JsonNode body) {
            List<String> lines = new ArrayList<>();
            String title = body == null || body.get("title") == null ? "HTTP " + status : body.get("title").asString();
            String detail = body == null || body.get("detail") == null ? null : body.get("detail").asString();
            lines.add(status + " " + title + (detail == null ? "" : ": " + detail));
            JsonNode errors = body == null ? null : body.get("errors");
            if (errors != null && errors.isArray() && errors.size() > 1) { // one error is already the detail
                errors.forEach(e -> lines.add("  " + e.path("field").asString() + ": " + e.path("reason").asString()));
            }
            return new Problem(status, lines);
        }
    }
}
