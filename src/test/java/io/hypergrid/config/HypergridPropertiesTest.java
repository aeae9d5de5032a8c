package io.hypergrid.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

class HypergridPropertiesTest {
    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    private static HypergridProperties properties(int workers, int blasThreads) {
        return new HypergridProperties(workers, blasThreads,
                new HypergridProperties.Data(Path.of("data"), false, null, URI.create("http://localhost/"), "npm"),
                new HypergridProperties.Limits(10, 10, 10, 100, Duration.ofSeconds(30), 65536),
                new HypergridProperties.Execution(Duration.ofSeconds(60), Duration.ofSeconds(10),
                        Duration.ofMillis(500), 3, true, 16, 4),
                new HypergridProperties.Security(null, null, java.util.List.of()),
                new HypergridProperties.Retention(Duration.ZERO, Duration.ofHours(1)),
                new HypergridProperties.Events(200, Duration.ofSeconds(1)));
    }

    @Test
    void byDefaultOneWorkerPerProcessorWithOneBlasThreadEach() {
        assertThat(properties(0, 1).workerCount()).isEqualTo(PROCESSORS);
        assertThat(properties(0, PROCESSORS).workerCount()).isEqualTo(1);
    }

    @Test
    void workersTimesBlasThreadsMayNotExceedTheProcessors() {
        assertThatThrownBy(() -> properties(PROCESSORS + 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hypergrid.workers (" + (PROCESSORS + 1) + ") x hypergrid.blas-threads (1)");
        assertThatThrownBy(() -> properties(0, PROCESSORS + 1)).hasMessageContaining("must not exceed");
        assertThatThrownBy(() -> properties(1, PROCESSORS + 1)).hasMessageContaining("must not exceed");
    }

    /** Bound and validated as the application does it, from these settings. */
    private static ApplicationContextRunner bound(String... settings) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(Enabled.class).withPropertyValues(settings);
    }

    @EnableConfigurationProperties(HypergridProperties.class)
    static class Enabled {
    }

    @Test
    void eventStreamsDefaultTo200ReadEverySecondAndZeroRefusesThemAll() {
        bound().run(c -> assertThat(c.getBean(HypergridProperties.class).events())
                .isEqualTo(new HypergridProperties.Events(200, Duration.ofSeconds(1))));
        // a benchmark runs with no stream at all: every dashboard polls
        bound("hypergrid.events.max-streams=0", "hypergrid.events.poll=250ms").run(c ->
                assertThat(c.getBean(HypergridProperties.class).events())
                        .isEqualTo(new HypergridProperties.Events(0, Duration.ofMillis(250))));
        bound("hypergrid.events.max-streams=-1").run(c -> assertThat(c).hasFailed().getFailure()
                .rootCause().hasMessageContaining("events.maxStreams"));
        bound("hypergrid.events.poll=0s").run(c -> assertThat(c).hasFailed().getFailure()
                .rootCause().hasMessageContaining("events.poll"));
    }
}
