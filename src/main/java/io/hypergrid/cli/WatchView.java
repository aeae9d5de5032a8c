package io.hypergrid.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;

/**
 * How {@code watch} shows a search's progress. Live (a terminal): one line rewritten in place with a carriage return
 * and an erase-to-end-of-line, repainted every tick so elapsed time and time left count while nothing else changes.
 * Plain (a pipe or a file): one line per change, at most one every {@link #PLAIN_INTERVAL_NANOS} unless the search's
 * state changes, with no control characters, so a log stays readable. The clock is given, so tests need no waiting.
 */
final class WatchView {
    static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean live;
    private final LongSupplier nanoClock;
    private final int width;
    private JsonNode latest;
    private long latestAt;
    private boolean lineOpen;
    private String painted;
    private List<Object> printedKey;
    private String printedState;
    private long printedAt;

    /**
     * @param width the terminal's columns: the live line is cut to one less, as a line that wraps cannot be
     *              rewritten in place; 0 when unknown (not cut)
     */
    WatchView(PrintStream out, PrintStream err, boolean live, LongSupplier nanoClock, int width) {
        this.out = out;
        this.err = err;
        this.live = live;
        this.nanoClock = nanoClock;
        this.width = width;
    }

    /** A new status of the search. */
    synchronized void status(JsonNode s) {
        latest = s;
        latestAt = nanoClock.getAsLong();
        if (live) {
            paint();
        } else if (!key(s).equals(printedKey)
                && (!state(s).equals(printedState) || latestAt - printedAt >= PLAIN_INTERVAL_NANOS)) {
            printPlain();
        }
    }

    /** About once a second: the live line counts on; a plain change held back by the interval is printed. */
    synchronized void tick() {
        if (latest == null) {
            return;
        }
        if (live) {
            paint();
        } else if (!key(latest).equals(printedKey) && nanoClock.getAsLong() - printedAt >= PLAIN_INTERVAL_NANOS) {
            printPlain();
        }
    }

    /** A message about the watch itself (the stream refused, polling): on standard error, on a line of its own. */
    synchronized void note(String message) {
        if (lineOpen) {
            out.print("\r\033[K");
            out.flush();
        }
        err.println(message);
        if (lineOpen) {
            painted = null;
            paint();
        }
    }

    /** The search ended with this status: its line, then the live line is closed. */
    synchronized void end(JsonNode s) {
        status(s);
        stop();
    }

    /** Watching stops (the end, or Ctrl-C): what follows starts on a new line. */
    synchronized void stop() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    private void paint() {
        String text = line(latest, (nanoClock.getAsLong() - latestAt) / 1e9);
        if (width > 4 && text.length() > width - 1) {
            text = text.substring(0, width - 4) + "...";
        }
        if (lineOpen && text.equals(painted)) {
            return;
        }
        out.print("\r" + text + "\033[K");
        out.flush();
        painted = text;
        lineOpen = true;
    }

    private void printPlain() {
        out.println(line(latest, 0));
        printedKey = key(latest);
        printedState = state(latest);
        printedAt = nanoClock.getAsLong();
    }

    /**
     * "search 12 RUNNING: epochs 30/100, 0:42 elapsed, 1:10 left; best 41.20 % (#7); pending 3, running 2,
     * succeeded 5": what moves first, so that a line cut at a narrow terminal's edge loses the counts last.
     *
     * @param since seconds since the status was read: added to elapsed time and taken from time left while running
     */
    static String line(JsonNode s, double since) {
        boolean going = "PENDING".equals(state(s)) || "RUNNING".equals(state(s));
        StringBuilder sb = new StringBuilder("search ").append(s.path("id").asLong()).append(' ').append(state(s))
                .append(": epochs ").append(s.path("epochsDone").asLong()).append('/')
                .append(s.path("epochsTotal").asLong());
        JsonNode elapsed = s.get("elapsedSeconds");
        if (elapsed != null && elapsed.isNumber()) {
            sb.append(", ").append(clock(elapsed.asDouble() + (going ? since : 0))).append(" elapsed");
        }
        JsonNode left = s.get("estimatedSecondsLeft");
        if (going && left != null && left.isNumber()) {
            sb.append(", ").append(clock(Math.max(0, left.asDouble() - since))).append(" left");
        }
        JsonNode best = s.get("best");
        if (best != null && best.isObject()) {
            sb.append("; best ").append(ClientCommand.pct(best.get("validationAccuracy")))
                    .append(" (#").append(best.path("trialId").asLong()).append(')');
        }
        return sb.append("; ").append(ClientCommand.counts(s)).toString();
    }

    /** 42 s: "0:42"; 3725 s: "1:02:05". */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String state(JsonNode s) {
        return s.path("state").asString();
    }

    /** What a change is: what the event stream itself reports changes of. */
    private static List<Object> key(JsonNode s) {
        return List.of(state(s), s.path("trials").toString(), s.path("epochsDone").asLong(),
                s.path("best").path("trialId").toString());
    }
}
