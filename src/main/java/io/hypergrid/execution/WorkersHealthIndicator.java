package io.hypergrid.execution;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code workers} in /actuator/health: up while the pool accepts work, with its size, busy count and owner name. */
@Component("workers")
@org.springframework.boot.autoconfigure.condition.ConditionalOnBean(WorkerPool.class)
class WorkersHealthIndicator implements HealthIndicator {
    private final WorkerPool pool;

    WorkersHealthIndicator(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public Health health() {
        Health.Builder b = pool.isRunning() ? Health.up() : Health.down();
        return b.withDetail("total", pool.size()).withDetail("busy", pool.busy()).withDetail("owner", pool.owner()).build();
    }
}
