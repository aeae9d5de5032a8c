package io.hypergrid.cli;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Follows a search to its end for {@code watch}: through its event stream ({@code GET /api/searches/{id}/events})
 * while the service grants one; when it refuses one (a 5xx, e.g. 503 past {@code hypergrid.events.max-streams}) or
 * the stream drops or falls silent, by polling {@code GET /api/searches/{id}} every {@link #POLL}, and back to the
 * stream after the refusal's Retry-After (a drop: at the next poll). Everything runs on the caller's thread, which
 * also ticks the view about once a second.
 */
final class SearchFollower {
    static final Duration POLL = Duration.ofSeconds(2);
    /** Three keep-alive comments (one every 15 s) missed: the connection is dead without having said so. */
    static final Duration SILENCE = Duration.ofSeconds(45);
    /** How long polls may fail to connect, once the service was reached, before the watch gives up (a restart). */
    static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration DEFAULT_RETRY = Duration.ofSeconds(10);
    private static final long TICK_MS = 1000;
    private static final Object CLOSED = new Object();

    private final ServiceClient client;
    private final long id;
    private final WatchView view;
    private String lastNote;
    private boolean reached;

    SearchFollower(ServiceClient client, long id, WatchView view) {
        this.client = client;
        this.id = id;
        this.view = view;
    }

    /** @return the search's final status */
    JsonNode follow() throws Exception {
        long streamAgainAt = System.nanoTime();
        long lastContact = System.nanoTime();
        while (true) {
            if (System.nanoTime() - streamAgainAt >= 0) {
                Outcome o;
                try {
                    o = stream();
                } catch (ServiceClient.Unreachable u) {
                    if (!reached) {
                        throw u;
                    }
                    o = new Outcome(null, "cannot reach the service", POLL);
                }
                if (o.end() != null) {
                    return o.end();
                }
                note(o.why() + ": polling every " + POLL.toSeconds() + " s");
                streamAgainAt = System.nanoTime() + o.retryAfter().toNanos();
            }
            JsonNode s;
            try {
                s = client.get("/api/searches/" + id);
            } catch (ServiceClient.Unreachable u) {
                if (!reached || System.nanoTime() - lastContact > OUTAGE.toNanos()) {
                    throw u;
                }
                note("cannot reach the service: trying again for up to " + OUTAGE.toSeconds() + " s");
                pause(POLL);
                continue;
            }
            reached = true;
            lastContact = System.nanoTime();
            view.status(s);
            if (finished(s)) {
                return s;
            }
            pause(POLL);
        }
    }

    static boolean finished(JsonNode status) {
        String state = status.path("state").asString();
        return !"PENDING".equals(state) && !"RUNNING".equals(state);
    }

    /** What one stream gave: the final status, or why it did not and when to ask for a stream again. */
    private record Outcome(JsonNode end, String why, Duration retryAfter) {
    }

    private Outcome stream() throws InterruptedException {
        BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
        LineSink sink = new LineSink(lines);
        // a 200 streams its lines to the sink as they come; anything else is read whole (a problem detail)
        CompletableFuture<HttpResponse<String>> response = client.stream("/api/searches/" + id + "/events",
                info -> info.statusCode() == 200
                        ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.fromLineSubscriber(sink),
                                v -> (String) null)
                        : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8));
        EventStreamParser parser = new EventStreamParser();
        long lastLine = System.nanoTime();
        try {
            while (true) {
                Object item = lines.poll(TICK_MS, TimeUnit.MILLISECONDS);
                view.tick();
                if (item == null) {
                    if (response.isDone() && !sink.opened) {
                        return refused(response);
                    }
                    if (System.nanoTime() - lastLine > SILENCE.toNanos()) {
                        return new Outcome(null, "the event stream fell silent", POLL);
                    }
                    continue;
                }
                lastLine = System.nanoTime();
                if (item == CLOSED) {
                    return new Outcome(null, "the event stream closed before the search ended", POLL);
                }
                if (item instanceof Throwable t) {
                    return new Outcome(null, "the event stream dropped (" + Cli.describe(t) + ")", POLL);
                }
                reached = true;
                Optional<EventStreamParser.Event> event = parser.line((String) item);
                if (event.isPresent() && ("status".equals(event.get().name()) || "end".equals(event.get().name()))) {
                    JsonNode s = ServiceClient.parse(event.get().data());
                    if (s != null) {
                        view.status(s);
                        if ("end".equals(event.get().name()) || finished(s)) {
                            return new Outcome(s, null, null);
                        }
                    }
                }
            }
        } finally {
            sink.cancel();
            response.cancel(true);
        }
    }

    /** The stream was not granted: a 5xx is worth polling for, anything else (404, 401) is the service's answer. */
    private Outcome refused(CompletableFuture<HttpResponse<String>> response) {
        HttpResponse<String> r;
        try {
            r = response.join();
        } catch (CompletionException e) {
            throw client.unwrap(e);
        }
        ServiceClient.Problem problem = ServiceClient.Problem.of(r.statusCode(), ServiceClient.parse(r.body()));
        if (r.statusCode() < 500) {
            throw problem;
        }
        reached = true;
        Duration retry = r.headers().firstValue("Retry-After").flatMap(SearchFollower::seconds).orElse(DEFAULT_RETRY);
        return new Outcome(null, "no event stream (" + problem.lines.get(0) + ")",
                retry.compareTo(POLL) < 0 ? POLL : retry.compareTo(OUTAGE) > 0 ? OUTAGE : retry);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.strip())));
        } catch (NumberFormatException e) { // an HTTP date: the default will do
            return Optional.empty();
        }
    }

    /** Says what the watch does once, not at every retry. */
    private void note(String message) {
        if (!message.equals(lastNote)) {
            view.note("hypergrid watch: " + message);
            lastNote = message;
        }
    }

    private void pause(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        for (long left; (left = until - System.nanoTime()) > 0; ) {
            Thread.sleep(Math.min(TICK_MS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            view.tick();
        }
    }

    /** The stream's lines into a queue, so that the caller's thread reads them with a timeout and can tick. */
    private static final class LineSink implements Flow.Subscriber<String> {
        private final BlockingQueue<Object> queue;
        private volatile Flow.Subscription subscription;
        private volatile boolean opened;

        LineSink(BlockingQueue<Object> queue) {
            this.queue = queue;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            opened = true;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            queue.add(line);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(t);
        }

        @Override
        public void onComplete() {
            queue.add(CLOSED);
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
