package io.hypergrid.api;

import io.hypergrid.scaleout.PostgresSupport;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hostile-input corpus on a real PostgreSQL, in a schema of its own: PostgreSQL refuses some text that H2 stores
 * (U+0000), so the same requests must be answered the same way here.
 */
@DirtiesContext
class PostgresHostileInputIT extends HostileInputContract {
    private static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSupport.register(registry);
    }

    /**
     * The schema goes when the application closes (after the class: {@link DirtiesContext}), once its worker, a
     * SmartLifecycle, has stopped polling the tables; an {@code @AfterAll} would drop them under a running worker.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class DropSchemaOnClose {
        @Bean
        DisposableBean dropSchema() {
            String dropped = schema;
            return () -> PostgresSupport.dropSchema(dropped);
        }
    }
}
