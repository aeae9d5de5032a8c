package io.hypergrid.scaleout;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for the scale-out tests: {@code HYPERGRID_TEST_POSTGRES_URL} if set, else the server on
 * 127.0.0.1:5432 (database {@code test}, trust authentication) when it answers, else a Testcontainers container
 * where Docker is available. Without any of them the tests are skipped with a message, except where
 * {@code HYPERGRID_REQUIRE_POSTGRES=true} (CI), where they fail. Each test gets a schema of its own.
 */
public final class PostgresSupport {
    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static String url;
    private static String user = "postgres";
    private static String password = "";

    private PostgresSupport() {
    }

    public static synchronized String url() {
        if (url != null) {
            return url;
        }
        String configured = System.getenv("HYPERGRID_TEST_POSTGRES_URL");
        if (configured != null && !configured.isBlank()) {
            url = configured;
            user = System.getenv().getOrDefault("HYPERGRID_TEST_POSTGRES_USER", "postgres");
            password = System.getenv().getOrDefault("HYPERGRID_TEST_POSTGRES_PASSWORD", "");
        } else if (answers("127.0.0.1", 5432)) {
            url = LOCAL;
        } else if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            url = container.getJdbcUrl();
            user = container.getUsername();
            password = container.getPassword();
        } else {
            String why = "no PostgreSQL: none at 127.0.0.1:5432, HYPERGRID_TEST_POSTGRES_URL unset, no Docker";
            if (Boolean.parseBoolean(System.getenv("HYPERGRID_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException(why + ", and HYPERGRID_REQUIRE_POSTGRES is set");
            }
            System.out.println("PostgreSQL tests skipped: " + why);
            Assumptions.abort(why);
        }
        return url;
    }

    public static String user() {
        url();
        return user;
    }

    public static String password() {
        url();
        return password;
    }

    /** A new empty schema; Flyway creates the tables in it. */
    public static String freshSchema() {
        String schema = "hg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("create schema " + schema);
        return schema;
    }

    public static void dropSchema(String schema) {
        execute("drop schema if exists " + schema + " cascade");
    }

    /** The JDBC URL that makes {@code schema} the current one. */
    public static String url(String schema) {
        String base = url();
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Spring Boot arguments that put an application on this PostgreSQL, in its own schema. */
    /** A fresh schema for a Spring test context: its data source and Flyway point at it. Returns the schema. */
    public static String register(org.springframework.test.context.DynamicPropertyRegistry registry) {
        String schema = freshSchema();
        registry.add("spring.datasource.url", () -> url(schema));
        registry.add("spring.datasource.username", PostgresSupport::user);
        registry.add("spring.datasource.password", PostgresSupport::password);
        registry.add("spring.flyway.schemas", () -> schema);
        return schema;
    }

    public static String[] springArguments(String schema) {
        return new String[] {"--spring.profiles.active=postgres", "--spring.datasource.url=" + url(schema),
                "--spring.datasource.username=" + user(), "--spring.datasource.password=" + password(),
                "--spring.flyway.schemas=" + schema};
    }

    public static Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(url(schema), user(), password());
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url(), user(), password())) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
