package io.hypergrid.execution;

import io.hypergrid.search.queue.TrialQueue;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code hypergrid.execution.heartbeat}: renews the heartbeat of the trials this instance's workers train, on
 * the database clock, and stops those it must (cancelled, stopped, or taken over elsewhere).
 */
@Component
@ConditionalOnProperty(name = "hypergrid.execution.enabled", matchIfMissing = true)
class Heartbeat {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    private final WorkerPool pool;
    private final TrialQueue queue;

    Heartbeat(WorkerPool pool, TrialQueue queue) {
        this.pool = pool;
        this.queue = queue;
    }

    @Scheduled(fixedDelayString = "${hypergrid.execution.heartbeat:10s}",
            initialDelayString = "${hypergrid.execution.heartbeat:10s}")
    void run() {
        try {
            List<Long> stop = queue.heartbeat(pool.owner(), List.copyOf(pool.running().keySet()));
            for (Long id : stop) {
                RunningTrial t = pool.running().get(id);
                if (t != null) {
                    t.stop(StopReason.CANCELLED); // cancelled elsewhere or lost: the fenced write sorts out which
                }
            }
        } catch (RuntimeException e) {
            log.warn("heartbeat failed: {}", e.toString());
        }
    }
}
