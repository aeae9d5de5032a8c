package io.hypergrid.search.queue;

import io.hypergrid.scaleout.PostgresSupport;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The queue's guarantees on a real PostgreSQL, where claims use FOR UPDATE SKIP LOCKED. */
@DirtiesContext
class PostgresTrialQueueIT extends TrialQueueContract {
    private static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSupport.register(registry);
    }

    /** The schema goes when the application closes, once its periodic tasks have stopped reading the tables. */
    @TestConfiguration(proxyBeanMethods = false)
    static class DropSchemaOnClose {
        @Bean
        DisposableBean dropSchema() {
            String dropped = schema;
            return () -> PostgresSupport.dropSchema(dropped);
        }
    }
}
