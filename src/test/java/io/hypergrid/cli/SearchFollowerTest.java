package io.hypergrid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the service's real stream does not do on demand, against a stand-in: a stream that closes before the search
 * ends. The watch polls, then takes the stream again, and ends with the stream's end event.
 */
class SearchFollowerTest {
    private static final String RUNNING = status("RUNNING", 1, 0, 5);
    private static final String DONE = status("SUCCEEDED", 0, 2, 20);

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger streams = new AtomicInteger();
    private HttpServer server;

    private static String status(String state, int running, int succeeded, int epochs) {
        return ("{\"id\": 1, \"name\": \"n\", \"state\": \"%s\", \"trials\": {\"PENDING\": %d, \"RUNNING\": %d,"
                + " \"SUCCEEDED\": %d}, \"epochsDone\": %d, \"epochsTotal\": 20}")
                .formatted(state, 2 - running - succeeded, running, succeeded, epochs);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            if (path.endsWith("/events")) {
                // the first stream: one status, then closed; the second: the end
                String body = streams.incrementAndGet() == 1 ? "event:status\ndata:" + RUNNING + "\n\n"
                        : ":hello\n\nevent:end\ndata:" + DONE + "\n\n";
                send(exchange, "text/event-stream", body);
            } else if (path.endsWith("/top")) {
                send(exchange, "application/json", "[]");
            } else {
                send(exchange, "application/json", RUNNING);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void aStreamThatClosesEarlyIsFollowedByPollingThenTheStreamAgain() throws Exception {
        CliRuns.Run run = CliRuns.inProcess("watch", "1", "--url", start());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).isEqualTo("hypergrid watch: the event stream closed before the search ended: polling"
                + " every 2 s\n");
        assertThat(requests).startsWith("/api/searches/1/events", "/api/searches/1", "/api/searches/1/events",
                "/api/searches/1/top");
        assertThat(run.out()).startsWith("search 1 RUNNING: epochs 5/20; pending 1, running 1\n")
                .contains("search 1 SUCCEEDED: epochs 20/20; succeeded 2\n");
    }
}
