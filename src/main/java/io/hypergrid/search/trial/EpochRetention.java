package io.hypergrid.search.trial;

import io.hypergrid.config.HypergridProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Retention of per-epoch rows ({@code hypergrid.retention.epoch-metrics}): once a search has finished (no trial
 * pending or running) longer ago than the setting, its trials' per-epoch rows are deleted; its trials and their final
 * results, per-class accuracy and confusion matrix stay. Runs every {@code hypergrid.retention.interval} on each
 * instance (the deletion is idempotent, so several instances do not conflict). Off by default.
 */
@Component
public class EpochRetention {
    private static final Logger log = LoggerFactory.getLogger(EpochRetention.class);
    static final String DELETE = "delete from epoch_metric where trial_id in (select t.id from trial t where t.search_id in"
            + " (select s.id from search s where"
            + " not exists (select 1 from trial a where a.search_id = s.id and a.state in ('PENDING', 'RUNNING'))"
            + " and not exists (select 1 from trial b where b.search_id = s.id"
            + " and (b.finished_at is null or b.finished_at >= ?))))";

    private final JdbcTemplate jdbc;
    private final Duration keep;

    public EpochRetention(JdbcTemplate jdbc, HypergridProperties properties) {
        this.jdbc = jdbc;
        this.keep = properties.retention().epochMetrics();
    }

    @Scheduled(fixedDelayString = "${hypergrid.retention.interval:1h}", initialDelayString = "${hypergrid.retention.interval:1h}")
    void run() {
        if (keep.isZero() || keep.isNegative()) {
            return;
        }
        try {
            deleteBefore(Instant.now().minus(keep));
        } catch (RuntimeException e) {
            log.warn("epoch retention failed; next try in one interval", e);
        }
    }

    /** Deletes the per-epoch rows of searches whose every trial finished before the cutoff; returns the rows deleted. */
    public int deleteBefore(Instant cutoff) {
        int deleted = jdbc.update(DELETE, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
        if (deleted > 0) {
            log.info("deleted {} per-epoch rows of searches finished before {}", deleted, cutoff);
        }
        return deleted;
    }
}
