package io.hypergrid.search.queue;

import org.springframework.test.context.TestPropertySource;

/** The queue's guarantees on H2. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:trial-queue;DB_CLOSE_DELAY=-1")
class TrialQueueTest extends TrialQueueContract {
}
