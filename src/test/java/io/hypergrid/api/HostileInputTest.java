package io.hypergrid.api;

import org.springframework.test.context.TestPropertySource;

/** The hostile-input corpus on H2. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:hostile-input;DB_CLOSE_DELAY=-1")
class HostileInputTest extends HostileInputContract {
}
