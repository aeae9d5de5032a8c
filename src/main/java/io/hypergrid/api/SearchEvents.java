package io.hypergrid.api;

import io.hypergrid.config.HypergridProperties;
import io.hypergrid.search.SearchService;
import io.hypergrid.search.SearchState;
import io.hypergrid.search.SearchStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of searches ({@code GET /api/searches/{id}/events}). Every {@code hypergrid.events.poll} (1 s)
 * one thread reads the status of each search that has a stream open, once whatever the number of its streams, from
 * the database: so a trial trained by another instance reaches a client connected to this one within a poll, with
 * no broker. A stream gets {@code status} (the search's status, as {@code GET /api/searches/{id}}) at once and
 * whenever its state, trials per state, epochs done or best trial change, a comment every 15 s to find closed clients,
 * and {@code end} (the final status) when the search is no longer pending or running, after which the server closes
 * it. At most {@code hypergrid.events.max-streams} (200) streams are open on an instance; one more is refused with a
 * 503 problem detail.
 */
@Component
class SearchEvents implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(SearchEvents.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final long TIMEOUT_MS = Duration.ofMinutes(30).toMillis(); // the client reconnects

    private final SearchService searches;
    private final int maxStreams;
    private final Map<Long, Set<Stream>> streams = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "search-events");
        t.setDaemon(true);
        return t;
    });

    SearchEvents(SearchService searches, HypergridProperties properties) {
        this.searches = searches;
        this.maxStreams = properties.events().maxStreams();
        long poll = properties.events().poll().toMillis();
        timer.scheduleWithFixedDelay(this::tick, poll, poll, TimeUnit.MILLISECONDS);
    }

    /** Streams open on this instance. */
    int open() {
        return open.get();
    }

    /** @throws TooManyStreamsException past the limit */
    SseEmitter subscribe(long searchId) {
        SearchStatus first = searches.require(searchId); // 404 before anything is counted
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw new TooManyStreamsException(maxStreams);
        }
        Stream s = new Stream(searchId, new SseEmitter(TIMEOUT_MS));
        s.emitter.onCompletion(s::close);
        s.emitter.onTimeout(s::close);
        s.emitter.onError(e -> s.close());
        streams.computeIfAbsent(searchId, k -> ConcurrentHashMap.newKeySet()).add(s);
        s.offer(first);
        return s.emitter;
    }

    private void tick() {
        for (Map.Entry<Long, Set<Stream>> e : streams.entrySet()) {
            if (e.getValue().isEmpty()) {
                streams.remove(e.getKey(), e.getValue());
                continue;
            }
            SearchStatus status;
            try {
                status = searches.require(e.getKey());
            } catch (RuntimeException ex) { // deleted, or the database away for a moment: try again next poll
                log.debug("no status for the events of search {}: {}", e.getKey(), ex.toString());
                continue;
            }
            for (Stream s : List.copyOf(e.getValue())) {
                s.offer(status);
            }
        }
    }

    /**
     * Ends every open stream, as a restart or a proxy's timeout would, before the search's end: a client sees its
     * stream close without an {@code end} event. Tests use it to cut live streams.
     *
     * @return how many it ended
     */
    int closeAll() {
        int closed = 0;
        for (Set<Stream> set : streams.values()) {
            for (Stream s : List.copyOf(set)) {
                if (s.end()) {
                    closed++;
                }
            }
        }
        return closed;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        closeAll();
    }

    /** What a client sees change. */
    private static List<Object> key(SearchStatus s) {
        return List.of(s.state(), s.trials(), s.epochsDone(), s.best() == null ? "" : s.best().trialId());
    }

    private final class Stream {
        final long searchId;
        final SseEmitter emitter;
        final AtomicBoolean closed = new AtomicBoolean();
        List<Object> last;
        long lastSent = System.nanoTime();

        Stream(long searchId, SseEmitter emitter) {
            this.searchId = searchId;
            this.emitter = emitter;
        }

        synchronized void offer(SearchStatus status) {
            if (closed.get()) {
                return;
            }
            try {
                boolean done = status.state() != SearchState.PENDING && status.state() != SearchState.RUNNING;
                List<Object> now = key(status);
                if (!Objects.equals(now, last)) {
                    emitter.send(SseEmitter.event().name(done ? "end" : "status").data(status));
                    last = now;
                    lastSent = System.nanoTime();
                } else if (System.nanoTime() - lastSent > KEEP_ALIVE.toNanos()) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    lastSent = System.nanoTime();
                }
                if (done) {
                    emitter.complete();
                    close();
                }
            } catch (IOException | IllegalStateException e) { // the client went away
                emitter.completeWithError(e);
                close();
            }
        }

        /** Completes the stream, unless it was already closed; under the lock, so never during a send. */
        synchronized boolean end() {
            if (closed.get()) {
                return false;
            }
            emitter.complete();
            close();
            return true;
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                open.decrementAndGet();
                Set<Stream> set = streams.get(searchId);
                if (set != null) {
                    set.remove(this);
                }
            }
        }
    }
}
