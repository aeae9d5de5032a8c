package io.hypergrid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * submit and watch end to end against the running service: the exit codes, a bad file's problem details, and the
 * watch's output through a pipe (plain lines) and under a pseudo-terminal (one line rewritten in place), both in a
 * child JVM as a user runs them.
 */
@RunningService
class ClientWatchTest {
    /** Six trials of two epochs on synthetic data: a few seconds. */
    static final String GOOD = """
            {"name": "watched", "dataset": "synthetic", "grid": {"lambda": [0, 0.01, 0.1], "eta": [0.001, 0.01]},
             "fixed": {"epochs": 2}}""";
    /** One trial that runs for tens of seconds, to be cancelled or left running. */
    private static final String LONG = """
            {"name": "long", "dataset": "synthetic", "grid": {"lambda": [0]}, "fixed": {"epochs": 1000, "batchSize": 1}}""";
    /** The live line written over itself: a carriage return that is not the terminal's "\r\n". */
    private static final Pattern LIVE_LINE = Pattern.compile("\r(?!\n)search \\d+ [A-Z]+: ");

    @LocalServerPort
    int port;

    @TempDir
    Path work;

    private String url() {
        return "http://localhost:" + port;
    }

    private String file(String name, String json) throws Exception {
        return Files.writeString(work.resolve(name), json).toString();
    }

    private long submit(String json) throws Exception {
        return CliRuns.client(url()).post("/api/searches", json).get("id").asLong();
    }

    /** The table at the end of a watch, as {@code top ID} prints it. */
    static void assertEndsWithTheTop5(String out, long id, String url) {
        CliRuns.Run top = CliRuns.inProcess("top", Long.toString(id), "-k", "5", "--url", url);
        assertThat(top.exit()).isZero();
        assertThat(top.out().lines().count()).as(top.out()).isEqualTo(6);
        assertThat(out.replace("\r\n", "\n")).endsWith("\n\n" + top.out());
    }

    @Test
    void submitWithWatchThroughAPipePrintsTheIdThenPlainLinesThenTheTop5AndExits0() throws Exception {
        CliRuns.Run run = CliRuns.pipedRun(work, "submit", file("good.json", GOOD), "--watch", "--url", url());

        assertThat(run.exit()).as(run.err()).isZero();
        CliRuns.assertNoControlCharacters(run.out());
        List<String> lines = run.out().lines().toList();
        long id = Long.parseLong(lines.get(0)); // alone on the first line, for scripts
        assertThat(lines.get(1)).startsWith("search " + id + " 'watched' ");
        assertThat(lines).anyMatch(l -> l.startsWith("search " + id + " SUCCEEDED: epochs 12/12, ")
                && l.contains(" elapsed; best ") && l.endsWith("; succeeded 6"));
        assertThat(lines.subList(2, lines.indexOf(""))).as("one line per change")
                .allMatch(l -> l.startsWith("search " + id + " ")).doesNotHaveDuplicates();
        assertEndsWithTheTop5(run.out(), id, url());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aBadFileIsRefusedWithOneLinePerInvalidFieldAndAMissingFileIsAUsageError() throws Exception {
        CliRuns.Run bad = CliRuns.inProcess("submit", file("bad.json", """
                {"name": "bad", "dataset": "nope", "grid": {"lambda": [-1]}, "fixed": {"epochs": 0}}"""),
                "--watch", "--url", url());
        assertThat(bad.exit()).isEqualTo(ClientCommand.REFUSED);
        assertThat(bad.out()).isEmpty();
        List<String> lines = bad.err().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("hypergrid submit: 400 Invalid search: 3 invalid fields");
        assertThat(lines.subList(1, 4)).anyMatch(l -> l.startsWith("hypergrid submit: dataset: "))
                .anyMatch(l -> l.startsWith("hypergrid submit: grid.lambda[0]: "))
                .anyMatch(l -> l.startsWith("hypergrid submit: fixed.epochs: "));

        CliRuns.Run missing = CliRuns.inProcess("submit", work.resolve("nothing.json").toString(), "--url", url());
        assertThat(missing.exit()).isEqualTo(ClientCommand.USAGE);
        assertThat(missing.err()).isEqualTo("hypergrid submit: no such file: " + work.resolve("nothing.json") + "\n");
        assertThat(CliRuns.inProcess("submit", "--watch").exit()).isEqualTo(ClientCommand.USAGE);
        assertThat(CliRuns.inProcess("watch", "1", "--plain", "--live").exit()).isEqualTo(ClientCommand.USAGE);
        assertThat(CliRuns.inProcess("watch", "999999", "--url", url()).err()).contains("404");
        assertThat(CliRuns.inProcess("watch", "1", "--url", "http://127.0.0.1:1").exit())
                .isEqualTo(ClientCommand.UNREACHABLE);
    }

    @Test
    void theExitCodeSaysHowTheSearchEnded() throws Exception {
        // eta 1e200 diverges: that trial fails
        CliRuns.Run someFailed = CliRuns.inProcess("submit", file("some.json", """
                {"dataset": "synthetic", "grid": {"eta": [0.01, 1e200]}, "fixed": {"epochs": 2}}"""), "--watch",
                "--url", url());
        assertThat(someFailed.exit()).as(someFailed.out()).isEqualTo(ClientCommand.TRIALS_FAILED);
        assertThat(someFailed.out()).contains(" SUCCEEDED: epochs ").contains("; succeeded 1, failed 1\n");
        CliRuns.Run allFailed = CliRuns.inProcess("submit", file("all.json", """
                {"dataset": "synthetic", "grid": {"eta": [1e200]}, "fixed": {"epochs": 2}}"""), "--watch",
                "--url", url());
        assertThat(allFailed.exit()).as(allFailed.out()).isEqualTo(ClientCommand.SEARCH_FAILED);

        long id = submit(LONG);
        CompletableFuture<CliRuns.Run> watch = CompletableFuture.supplyAsync(
                () -> CliRuns.inProcess("watch", Long.toString(id), "--url", url()));
        ServiceClient api = CliRuns.client(url());
        while (!"RUNNING".equals(api.get("/api/searches/" + id).path("state").asString())) {
            Thread.sleep(100);
        }
        api.post("/api/searches/" + id + "/cancel", null);
        CliRuns.Run cancelled = watch.get(60, TimeUnit.SECONDS);
        assertThat(cancelled.exit()).as(cancelled.out() + cancelled.err()).isEqualTo(ClientCommand.CANCELLED);
        assertThat(cancelled.out()).contains("search " + id + " CANCELLED: ");
    }

    @Test
    void underAPseudoTerminalTheProgressIsOneLineRewrittenInPlaceAndPlainWhenAsked() throws Exception {
        String test = "ClientWatchTest's pseudo-terminal test";
        CliRuns.Run live = CliRuns.underPseudoTerminal(work, test, "submit", file("good.json", GOOD), "--watch",
                "--url", url());

        assertThat(live.exit()).as(live.out()).isZero();
        long id = Long.parseLong(live.out().lines().findFirst().orElseThrow().strip());
        assertThat(LIVE_LINE.matcher(live.out()).results().count()).as("rewrites of the line: " + live.out())
                .isGreaterThanOrEqualTo(2);
        assertThat(live.out()).contains("\rsearch " + id + " SUCCEEDED: epochs 12/12, ")
                .contains("\033[K");
        assertEndsWithTheTop5(live.out(), id, url());

        CliRuns.Run plain = CliRuns.underPseudoTerminal(work, test, "watch", Long.toString(id), "--plain",
                "--url", url());
        assertThat(plain.exit()).isZero();
        CliRuns.assertNoControlCharacters(plain.out().replace("\r\n", "\n"));
        assertThat(plain.out()).startsWith("search " + id + " SUCCEEDED: ");
    }

    @Test
    void stoppingTheWatchLeavesTheSearchGoingOn() throws Exception {
        long id = submit(LONG);
        Process watch = CliRuns.piped(work, "watch", Long.toString(id), "--url", url());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).startsWith("search " + id + " ");
            watch.destroy(); // SIGTERM; Ctrl-C's SIGINT runs the same shutdown hook
            assertThat(watch.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(watch.exitValue()).isEqualTo(143);
        assertThat(Files.readString(work.resolve("err.txt")))
                .contains("hypergrid watch: stopped watching; search " + id + " goes on (watch " + id);
        ServiceClient api = CliRuns.client(url());
        JsonNode status = api.get("/api/searches/" + id);
        assertThat(status.path("state").asString()).isIn("PENDING", "RUNNING");
        api.post("/api/searches/" + id + "/cancel", null);
    }
}
