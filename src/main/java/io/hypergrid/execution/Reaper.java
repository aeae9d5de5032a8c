package io.hypergrid.execution;

import io.hypergrid.config.HypergridProperties;
import io.hypergrid.search.queue.TrialQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import java.time.Duration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Every quarter of the lease, on each instance that trains: running trials of any instance whose heartbeat is older
 * than the lease go back to pending (attempt + 1), or fail once their attempts are used up. A killed instance so
 * loses nothing; several reapers at once are harmless (the updates are conditional).
 */
@Component
@ConditionalOnProperty(name = "hypergrid.execution.enabled", matchIfMissing = true)
class Reaper implements SchedulingConfigurer {
    private static final Logger log = LoggerFactory.getLogger(Reaper.class);
    private final TrialQueue queue;
    private final HypergridProperties.Execution settings;

    Reaper(TrialQueue queue, HypergridProperties properties) {
        this.queue = queue;
        this.settings = properties.execution();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        Duration every = Duration.ofMillis(Math.max(1000, settings.lease().toMillis() / 4));
        registrar.addFixedDelayTask(new FixedDelayTask(this::run, every, Duration.ZERO));
    }

    void run() {
        try {
            int[] reaped = queue.reap(settings.lease(), settings.maxAttempts());
            if (reaped[0] + reaped[1] > 0) {
                log.info("reaper: {} stale trials back to pending, {} failed after {} attempts", reaped[0], reaped[1],
                        settings.maxAttempts());
            }
        } catch (RuntimeException e) {
            log.warn("reaper failed: {}", e.toString());
        }
    }
}
