package io.hypergrid.search;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every heartbeat interval, on each instance: searches whose wall-time budget is used up stop, even while none of
 * their trials ends an epoch (workers also check at each epoch's end).
 */
@Component
class WallTimeBudgets {
    private static final Logger log = LoggerFactory.getLogger(WallTimeBudgets.class);
    private final StopConditions conditions;

    WallTimeBudgets(StopConditions conditions) {
        this.conditions = conditions;
    }

    @Scheduled(fixedDelayString = "${hypergrid.execution.heartbeat:10s}")
    void run() {
        try {
            int stopped = 0;
            for (Long id : conditions.withBudgets()) {
                stopped += conditions.enforceWallTime(id) ? 1 : 0;
            }
            if (stopped > 0) {
                log.info("{} searches stopped: their wall-time budget is used up", stopped);
            }
        } catch (RuntimeException e) {
            log.warn("wall-time budgets not checked: {}", e.toString());
        }
    }
}
