package io.hypergrid.catalog;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code datasets} in /actuator/health: each data set's state. The service is up while CIFAR-10 is being fetched
 * (synthetic searches run meanwhile); it reports down only when CIFAR-10 could not be had.
 */
@Component("datasets")
class DatasetsHealthIndicator implements HealthIndicator {
    private final DatasetCatalog catalog;

    DatasetsHealthIndicator(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Health health() {
        boolean unavailable = catalog.statuses().stream().anyMatch(s -> "UNAVAILABLE".equals(s.state()));
        Health.Builder b = unavailable ? Health.down() : Health.up();
        catalog.statuses().forEach(s -> b.withDetail(s.name(), s.message() == null ? s.state() : s.state() + ": " + s.message()));
        return b.build();
    }
}
