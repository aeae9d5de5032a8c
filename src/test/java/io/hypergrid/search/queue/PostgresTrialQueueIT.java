package io.hypergrid.search.queue;

import io.hypergrid.scaleout.PostgresSupport;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The queue's guarantees on a real PostgreSQL, where claims use FOR UPDATE SKIP LOCKED. */
class PostgresTrialQueueIT extends TrialQueueContract {
    private static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSupport.freshSchema();
        registry.add("spring.datasource.url", () -> PostgresSupport.url(schema));
        registry.add("spring.datasource.username", PostgresSupport::user);
        registry.add("spring.datasource.password", PostgresSupport::password);
        registry.add("spring.flyway.schemas", () -> schema);
    }

    @AfterAll
    static void drop() {
        if (schema != null) {
            PostgresSupport.dropSchema(schema);
        }
    }
}
