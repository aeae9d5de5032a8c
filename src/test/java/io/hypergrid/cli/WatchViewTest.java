package io.hypergrid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The watch's output on a terminal and in a log, on a clock of the test's own: nothing waits. */
class WatchViewTest {
    private static final long SECOND = 1_000_000_000L;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private long now;

    private WatchView view(boolean live, int width) {
        return new WatchView(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), live, () -> now, width);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode status(String state, int running, int succeeded, long epochsDone, Double elapsed,
                                   Double left, String best) {
        return ServiceClient.parse("""
                {"id": 12, "name": "n", "state": "%s", "trials": {"PENDING": %d, "RUNNING": %d, "SUCCEEDED": %d,
                 "FAILED": 0}, "epochsDone": %d, "epochsTotal": 100, "elapsedSeconds": %s,
                 "estimatedSecondsLeft": %s, "best": %s}""".formatted(state, 10 - running - succeeded, running,
                succeeded, epochsDone, elapsed, left, best));
    }

    @Test
    void theLineSaysTrialsPerStateEpochsElapsedTimeLeftAndTheBestSoFar() {
        assertThat(WatchView.line(status("RUNNING", 2, 5, 30, 42.0, 70.0,
                "{\"trialId\": 7, \"validationAccuracy\": 0.412}"), 0)).isEqualTo(
                "search 12 RUNNING: epochs 30/100, 0:42 elapsed, 1:10 left; best 41.20 % (#7); pending 3,"
                        + " running 2, succeeded 5");
        assertThat(WatchView.line(status("PENDING", 0, 0, 0, null, null, "null"), 0))
                .isEqualTo("search 12 PENDING: epochs 0/100; pending 10");
        assertThat(WatchView.clock(3725)).isEqualTo("1:02:05");
    }

    @Test
    void plainOutputIsOneLinePerChangeAtMostOneEveryFiveSecondsUnlessTheStateChanges() {
        WatchView v = view(false, 0);
        v.status(status("PENDING", 0, 0, 0, null, null, "null"));
        now += SECOND;
        v.status(status("RUNNING", 2, 0, 0, 0.0, null, "null")); // a new state: at once
        now += SECOND;
        v.status(status("RUNNING", 2, 0, 4, 1.0, null, "null")); // held back
        v.tick();
        now += SECOND;
        v.status(status("RUNNING", 2, 0, 8, 2.0, null, "null")); // replaces it, still held back
        v.status(status("RUNNING", 2, 0, 8, 2.0, null, "null")); // no change
        now += 3 * SECOND;
        v.tick(); // 5 s after the last line: the latest change
        now += 10 * SECOND;
        v.tick(); // nothing new
        v.end(status("SUCCEEDED", 0, 10, 100, 20.0, 0.0, "{\"trialId\": 3, \"validationAccuracy\": 0.5}"));

        assertThat(out()).doesNotContain("\r", "\033");
        List<String> lines = out().lines().toList();
        assertThat(lines).containsExactly(
                "search 12 PENDING: epochs 0/100; pending 10",
                "search 12 RUNNING: epochs 0/100, 0:00 elapsed; pending 8, running 2",
                "search 12 RUNNING: epochs 8/100, 0:02 elapsed; pending 8, running 2",
                "search 12 SUCCEEDED: epochs 100/100, 0:20 elapsed; best 50.00 % (#3); succeeded 10");
    }

    @Test
    void liveOutputRewritesOneLineInPlaceCountingTimeBetweenStatusesThenEndsTheLine() {
        WatchView v = view(true, 0);
        v.status(status("RUNNING", 2, 5, 30, 42.0, 70.0, "null"));
        now += 5 * SECOND;
        v.tick();
        v.tick(); // the same text is not written again
        v.note("hypergrid watch: polling");
        v.end(status("CANCELLED", 0, 5, 50, 50.0, 0.0, "null"));

        String line1 = "search 12 RUNNING: epochs 30/100, 0:42 elapsed, 1:10 left; pending 3, running 2, succeeded 5";
        String line2 = "search 12 RUNNING: epochs 30/100, 0:47 elapsed, 1:05 left; pending 3, running 2, succeeded 5";
        assertThat(out()).isEqualTo("\r" + line1 + "\033[K" + "\r" + line2 + "\033[K"
                + "\r\033[K" + "\r" + line2 + "\033[K" // the note takes the line away, then it is back
                + "\rsearch 12 CANCELLED: epochs 50/100, 0:50 elapsed; pending 5, succeeded 5\033[K" + "\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("hypergrid watch: polling\n");
    }

    @Test
    void aLiveLineWiderThanTheTerminalIsCutBeforeItsLastColumnAsAWrappedLineCannotBeRewritten() {
        view(true, 40).status(status("RUNNING", 2, 5, 30, 42.0, 70.0, "null"));
        assertThat(out()).isEqualTo("\rsearch 12 RUNNING: epochs 30/100, 0:...\033[K");
        assertThat(out().length() - "\r\033[K".length()).isEqualTo(39);
    }
}
