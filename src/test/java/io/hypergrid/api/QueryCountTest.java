package io.hypergrid.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The list of searches costs a constant number of SQL statements, whatever the number of searches on the page:
 * every statement any layer prepares (Hibernate, Spring Data, JdbcTemplate) is counted at the data source.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:query-count;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.execution.enabled=false"})
class QueryCountTest {
    static final AtomicInteger STATEMENTS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate db;

    /** Wraps the application's data source: every connection counts the statements it prepares. */
    @TestConfiguration
    static class Counting {
        @Bean
        static BeanPostProcessor countStatements() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds ? counting(ds) : bean;
                }
            };
        }

        private static final Set<String> PREPARING = Set.of("prepareStatement", "createStatement", "prepareCall");

        static DataSource counting(DataSource ds) {
            return (DataSource) Proxy.newProxyInstance(QueryCountTest.class.getClassLoader(),
                    new Class<?>[] {DataSource.class}, forwarding(ds, (proxy, method, args) -> {
                        Object result = invoke(ds, method, args);
                        return result instanceof Connection c ? connection(c) : result;
                    }));
        }

        static Connection connection(Connection c) {
            return (Connection) Proxy.newProxyInstance(QueryCountTest.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, forwarding(c, (proxy, method, args) -> {
                        if (PREPARING.contains(method.getName())) {
                            STATEMENTS.incrementAndGet();
                        }
                        return invoke(c, method, args);
                    }));
        }

        private static InvocationHandler forwarding(Object target, InvocationHandler handler) {
            return (proxy, method, args) -> method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")
                    ? invoke(target, method, args) : handler.invoke(proxy, method, args);
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private int statementsFor(ApiClient api, String path) {
        api.get(path); // warm: nothing cached on the first call counts against the second
        int before = STATEMENTS.get();
        ApiClient.Response r = api.get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return STATEMENTS.get() - before;
    }

    private void submit(ApiClient api, int searches) {
        String grid = "{\"dataset\": \"synthetic\", \"grid\": {\"lambda\": [0, 0.1, 0.2]}, \"fixed\": {\"epochs\": 1}}";
        for (int i = 0; i < searches; i++) {
            assertThat(api.post("/api/searches", grid).status()).isEqualTo(201);
        }
        // results for some trials, so progress and the best trial are really computed
        db.update("update trial set state = 'SUCCEEDED', validation_accuracy = 0.5, validation_loss = 1.5,"
                + " test_accuracy = 0.4, train_accuracy = 0.6, train_loss = 1.2, train_cost = 1.3,"
                + " validation_cost = 1.6, started_at = current_timestamp, finished_at = current_timestamp"
                + " where grid_index = 0");
    }

    @Test
    void aPageOfSearchesCostsTheSameFewStatementsWhateverItHolds() {
        ApiClient api = new ApiClient(port);
        submit(api, 1);
        int one = statementsFor(api, "/api/searches?size=20");
        submit(api, 19);
        int twenty = statementsFor(api, "/api/searches?size=20");
        submit(api, 20);
        int twentyOfForty = statementsFor(api, "/api/searches?size=20");

        assertThat(api.get("/api/searches?size=20").json().get("items").size()).isEqualTo(20);
        assertThat(api.get("/api/searches?size=20").json().get("items").get(0).get("best").isNull()).isFalse();
        // a full page also counts the searches (one statement more than a page the list fits in)
        assertThat(one).as("statements for a page of 1 search").isLessThanOrEqualTo(twenty);
        assertThat(twentyOfForty).as("statements for a page of 20 of 40 searches").isEqualTo(twenty)
                .isLessThanOrEqualTo(5);
    }
}
