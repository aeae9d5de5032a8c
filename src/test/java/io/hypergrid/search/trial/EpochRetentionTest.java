package io.hypergrid.search.trial;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.config.HypergridProperties;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Per-epoch rows go once their search has finished longer ago than the setting, and only then: not while any trial
 * is pending or running, not for a search that finished recently; trials and their results always stay.
 */
class EpochRetentionTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private JdbcTemplate jdbc;
    private EpochRetention retention;

    @BeforeEach
    void database() {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:retention-" + System.nanoTime()
                + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(ds);
        // hypergrid.retention.epoch-metrics=0s: no timer; deleteBefore is called directly
        retention = new EpochRetention(jdbc, properties(Duration.ZERO));
    }

    private static HypergridProperties properties(Duration keep) {
        return new HypergridProperties(1, 1,
                new HypergridProperties.Data(Path.of("data"), false, null, URI.create("http://localhost/"), "npm"),
                new HypergridProperties.Limits(10, 10, 10, 100, Duration.ofSeconds(30), 65536),
                new HypergridProperties.Execution(Duration.ofSeconds(60), Duration.ofSeconds(10),
                        Duration.ofMillis(500), 3, true, 16, 4),
                new HypergridProperties.Security(null, null, List.of()),
                new HypergridProperties.Retention(keep, Duration.ofHours(1)),
                new HypergridProperties.Events(200, Duration.ofSeconds(1)));
    }

    @Test
    void onlySearchesFinishedBeforeTheCutoffLoseTheirEpochRows() {
        long old = search(trial("SUCCEEDED", days(40)), trial("FAILED", days(35)), trial("CANCELLED", days(31)));
        long recent = search(trial("SUCCEEDED", days(40)), trial("SUCCEEDED", days(2)));
        long running = search(trial("SUCCEEDED", days(50)), trial("RUNNING", null));
        long pending = search(trial("SUCCEEDED", days(50)), trial("PENDING", null));
        long trialsBefore = count("select count(*) from trial");

        int deleted = retention.deleteBefore(NOW.minus(30, ChronoUnit.DAYS));

        assertThat(deleted).isEqualTo(3 * 3);
        assertThat(epochRows(old)).isZero();
        assertThat(epochRows(recent)).isEqualTo(6);
        assertThat(epochRows(running)).isEqualTo(6);
        assertThat(epochRows(pending)).isEqualTo(6);
        assertThat(count("select count(*) from trial")).isEqualTo(trialsBefore);
        assertThat(count("select count(*) from trial where validation_accuracy is not null")).isEqualTo(trialsBefore);
        // idempotent: a second run (or another instance) finds nothing more
        assertThat(retention.deleteBefore(NOW.minus(30, ChronoUnit.DAYS))).isZero();
    }

    private static OffsetDateTime days(int ago) {
        return OffsetDateTime.ofInstant(NOW.minus(ago, ChronoUnit.DAYS), ZoneOffset.UTC);
    }

    private record TrialRow(String state, OffsetDateTime finishedAt) {
    }

    private static TrialRow trial(String state, OffsetDateTime finishedAt) {
        return new TrialRow(state, finishedAt);
    }

    private long search(TrialRow... trials) {
        jdbc.update("insert into search (name, dataset, spec, objective, trial_count, epochs_total, created_at)"
                + " values ('s', 'synthetic', '{}', 'validationAccuracy', ?, ?, ?)", trials.length, 3L * trials.length,
                days(60));
        long id = count("select max(id) from search");
        for (int i = 0; i < trials.length; i++) {
            jdbc.update("insert into trial (search_id, grid_index, dataset, split, lambda, eta, batch_size, epochs, loss,"
                    + " decay_every, decay_factor, shuffle, seed, dtype, state, finished_at, validation_accuracy)"
                    + " values (?, ?, 'synthetic', 'batch1', 0, 0.01, 100, 3, 'softmax', 0, 1, false, 0, 'float32', ?, ?,"
                    + " 0.5)", id, i, trials[i].state(), trials[i].finishedAt());
            long trial = count("select max(id) from trial");
            for (int epoch = 1; epoch <= 3; epoch++) {
                jdbc.update("insert into epoch_metric (trial_id, epoch, eta, train_loss, train_cost, train_accuracy,"
                        + " validation_loss, validation_cost, validation_accuracy, seconds)"
                        + " values (?, ?, 0.01, 1, 1, 0.5, 1, 1, 0.5, 0.1)", trial, epoch);
            }
        }
        return id;
    }

    private long epochRows(long search) {
        return jdbc.queryForObject("select count(*) from epoch_metric e join trial t on t.id = e.trial_id"
                + " where t.search_id = ?", Long.class, search);
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
