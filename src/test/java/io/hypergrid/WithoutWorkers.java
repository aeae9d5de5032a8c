package io.hypergrid;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The service on a port of its own with no workers and room for 100,000-trial searches: a test submits searches and
 * writes their trials' results with SQL, so every answer is known. The test classes that carry it share one
 * application (one Spring context, one in-memory H2).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:export;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.execution.enabled=false",
        "hypergrid.limits.max-trials-per-search=100000",
        "hypergrid.limits.max-pending-trials=200000"})
public @interface WithoutWorkers {
}
