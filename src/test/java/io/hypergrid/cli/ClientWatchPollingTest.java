package io.hypergrid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** With every event stream refused (503), a watch still follows its search to the end by polling its status. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:watch-polling;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.workers=2",
        "hypergrid.execution.poll=100ms",
        "hypergrid.events.max-streams=0"})
@DirtiesContext // a context of its own: closed after its test
class ClientWatchPollingTest {
    @LocalServerPort
    int port;

    @TempDir
    Path work;

    @Test
    void aRefusedStreamFallsBackToPollingToTheEnd() throws Exception {
        String url = "http://localhost:" + port;
        CliRuns.Run run = CliRuns.inProcess("submit", Files.writeString(work.resolve("good.json"),
                ClientWatchTest.GOOD).toString(), "--watch", "--url", url);

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).startsWith("hypergrid watch: no event stream (503 Too many event streams: ")
                .contains("polling every 2 s").hasLineCount(1);
        long id = Long.parseLong(run.out().lines().findFirst().orElseThrow());
        assertThat(run.out()).contains("search " + id + " SUCCEEDED: epochs 12/12, ")
                .contains("; succeeded 6\n");
        ClientWatchTest.assertEndsWithTheTop5(run.out(), id, url);
    }
}
