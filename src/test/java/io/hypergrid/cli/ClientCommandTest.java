package io.hypergrid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** status, top, cancel and retry against the running service over HTTP, with their exit codes and problem lines. */
@RunningService
class ClientCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private static CliRuns.Run cli(String... argv) {
        return CliRuns.inProcess(argv);
    }

    @Test
    void statusTopCancelAndRetryWithTheirExitCodes() throws Exception {
        String url = "http://localhost:" + port;
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
                + "/api/searches")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                {"name": "cli", "dataset": "synthetic", "grid": {"lambda": [0, 0.01, 0.1]}, "fixed": {"epochs": 2}}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = JSON.readTree(created.body()).get("id").asLong();
        long deadline = System.nanoTime() + 90_000_000_000L;
        CliRuns.Run status;
        do {
            Thread.sleep(200);
            status = cli("status", Long.toString(id), "--url", url);
        } while (!status.out().contains("SUCCEEDED") && System.nanoTime() < deadline);

        assertThat(status.exit()).isZero();
        JsonNode best = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
                + "/api/searches/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body()).get("best");
        assertThat(status.out().strip()).startsWith("search " + id + " 'cli' SUCCEEDED: succeeded 3; epochs 6/6; best #"
                + best.get("trialId").asLong() + " validation ");

        CliRuns.Run top = cli("top", Long.toString(id), "-k", "2", "--url", url);
        assertThat(top.exit()).isZero();
        String[] lines = top.out().strip().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).contains("rank", "trial", "validation", "test");
        assertThat(lines[1]).contains("#" + best.get("trialId").asLong()).contains("lambda=");

        // a finished search cannot be cancelled, nor retried with nothing to retry: the problem, exit 1
        CliRuns.Run cancel = cli("cancel", Long.toString(id), "--url", url);
        assertThat(cancel.exit()).isEqualTo(1);
        assertThat(cancel.err()).startsWith("hypergrid cancel: 409 ");
        assertThat(cli("retry", Long.toString(id), "--url", url).exit()).isEqualTo(1);
        // a bad parameter names itself; an unknown search is a 404; no service is exit 3; a usage error exit 2
        CliRuns.Run badK = cli("top", Long.toString(id), "-k", "0", "--url", url);
        assertThat(badK.exit()).isEqualTo(1);
        assertThat(badK.err()).contains("400").contains("k");
        assertThat(cli("status", "999999", "--url", url).err()).contains("404");
        assertThat(cli("status", Long.toString(id), "--url", "http://127.0.0.1:1").exit()).isEqualTo(3);
        assertThat(cli("status", "twelve", "--url", url).exit()).isEqualTo(2);
    }
}
