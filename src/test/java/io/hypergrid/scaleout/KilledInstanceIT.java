package io.hypergrid.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.search.SearchService;
import io.hypergrid.search.SearchState;
import io.hypergrid.Requests;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An instance killed with SIGKILL in the middle of a trial (a separate JVM running the packaged jar): after the
 * lease its trial is reclaimed and completes on the surviving instance; nothing is lost, nothing completes twice.
 */
class KilledInstanceIT {
    private static final Duration LEASE = Duration.ofSeconds(5);

    @TempDir
    Path work;
    private String schema;
    private Process victim;
    private ConfigurableApplicationContext api;
    private ConfigurableApplicationContext survivor;

    @BeforeEach
    void schema() {
        schema = PostgresSupport.freshSchema();
    }

    @AfterEach
    void cleanUp() {
        if (victim != null) {
            victim.destroyForcibly();
        }
        if (survivor != null) {
            survivor.close();
        }
        if (api != null) {
            api.close();
        }
        PostgresSupport.dropSchema(schema);
    }

    private Process startVictim() throws Exception {
        String jar = System.getProperty("hypergrid.jar", "target/hypergrid.jar");
        assertThat(new File(jar)).as("the packaged jar (failsafe runs after package)").exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", new File(jar).getAbsolutePath()));
        cmd.addAll(List.of(PostgresSupport.springArguments(schema)));
        cmd.addAll(List.of("--server.port=0", "--hypergrid.data.fetch-on-start=false", "--hypergrid.workers=1",
                "--hypergrid.execution.heartbeat=1s", "--hypergrid.execution.lease=" + LEASE.toSeconds() + "s",
                "--hypergrid.execution.poll=100ms"));
        return new ProcessBuilder(cmd).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("victim.log").toFile()).start();
    }

    @Test
    void aKilledInstancesTrialIsReclaimedAfterTheLeaseAndCompletesOnceElsewhere() throws Exception {
        api = ThreeInstancesIT.instance(schema, "--hypergrid.execution.enabled=false"); // submits, trains nothing
        SearchService searches = api.getBean(SearchService.class);
        JdbcTemplate db = api.getBean(JdbcTemplate.class);
        long id = searches.submit(Requests.grid("kill", "synthetic", Map.of("lambda", List.of(0, 0.001)),
                Map.of("epochs", 300, "batchSize", 10))).id();

        victim = startVictim();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Long victimTrial = null;
        while (victimTrial == null) {
            assertThat(victim.isAlive()).as("victim alive; its log: " + Files.readString(work.resolve("victim.log"))).isTrue();
            assertThat(System.nanoTime()).as("the victim claimed a trial in time").isLessThan(deadline);
            List<Long> running = db.queryForList("select id from trial where search_id = ? and state = 'RUNNING'"
                    + " and epochs_done >= 2", Long.class, id);
            victimTrial = running.isEmpty() ? null : running.get(0);
            Thread.sleep(100);
        }

        // two workers: one takes the other trial, one is free, so the figure is the lease and the reaper, not a queue
        survivor = ThreeInstancesIT.instance(schema, "--hypergrid.execution.lease=" + LEASE.toSeconds() + "s",
                "--hypergrid.execution.heartbeat=1s", "--hypergrid.workers=2");
        victim.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no release
        java.time.Instant killedAt = db.queryForObject("select current_timestamp", java.sql.Timestamp.class).toInstant();

        deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (searches.status(id).orElseThrow().state() != SearchState.SUCCEEDED) {
            assertThat(System.nanoTime()).as("finished in time: " + searches.status(id)).isLessThan(deadline);
            Thread.sleep(200);
        }

        assertThat(db.queryForList("select distinct completions from trial where search_id = ?", Integer.class, id))
                .containsExactly(1);
        Map<String, Object> killed = db.queryForMap("select attempt, claims, started_at from trial where id = ?", victimTrial);
        assertThat(killed.get("attempt")).as("reclaimed once").isEqualTo(2);
        assertThat(killed.get("claims")).isEqualTo(2);
        java.time.Instant rerun = ((java.sql.Timestamp) killed.get("started_at")).toInstant();
        System.out.printf("killed instance's trial %d running again %.1f s after the kill (lease %d s)%n",
                victimTrial, Duration.between(killedAt, rerun).toMillis() / 1000.0, LEASE.toSeconds());
        assertThat(Duration.between(killedAt, rerun)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        try (Connection c = PostgresSupport.connect(schema);
             ResultSet rs = c.createStatement().executeQuery("select count(*) from epoch_metric where trial_id = " + victimTrial)) {
            rs.next();
            assertThat(rs.getInt(1)).as("one full curve, the killed attempt's rows replaced").isEqualTo(301);
        }
    }
}
