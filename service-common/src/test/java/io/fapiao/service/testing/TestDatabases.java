package io.fapiao.service.testing;

import io.fapiao.service.storage.DurableDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The two databases the services' persistence tests run on: the embedded default (an H2 file) and
 * PostgreSQL. PostgreSQL is named by {@code FAPIAO_TEST_POSTGRES_URL} (a JDBC URL), with
 * {@code FAPIAO_TEST_POSTGRES_USER} and {@code FAPIAO_TEST_POSTGRES_PASSWORD}; {@code .ci/run} installs
 * and starts a server and sets them. Each call gets a fresh schema, so tests never see each other's rows.
 * Under CI ({@code CI=true}) a missing PostgreSQL is an error, never a silent skip.
 *
 * <pre>{@code
 * @DynamicPropertySource static void db(DynamicPropertyRegistry r) {
 *     TestDatabases.postgres().orElseThrow().forEach((k, v) -> r.add(k, () -> v));
 * }
 * }</pre>
 */
public final class TestDatabases {
    private TestDatabases() {}

    /** Spring datasource properties for the embedded default database in {@code dir}, as the services configure it. */
    public static Map<String, String> h2(Path dir) {
        return Map.of("spring.datasource.url", DurableDatabase.url(dir.resolve("db")));
    }

    /** Whether a PostgreSQL server is configured for tests. */
    public static boolean postgresConfigured() {
        String url = System.getenv("FAPIAO_TEST_POSTGRES_URL");
        boolean configured = url != null && !url.isBlank();
        if (!configured && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but FAPIAO_TEST_POSTGRES_URL is not set: .ci/run must start "
                    + "PostgreSQL and export it");
        }
        return configured;
    }

    /**
     * Spring datasource properties for a new, empty schema on the configured PostgreSQL server; empty
     * when none is configured (outside CI).
     */
    public static Optional<Map<String, String>> postgres() {
        if (!postgresConfigured()) {
            return Optional.empty();
        }
        String url = System.getenv("FAPIAO_TEST_POSTGRES_URL");
        String user = System.getenv().getOrDefault("FAPIAO_TEST_POSTGRES_USER", "fapiao");
        String password = System.getenv().getOrDefault("FAPIAO_TEST_POSTGRES_PASSWORD", "");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema on " + url + ": " + e.getMessage(), e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        properties.put("spring.datasource.username", user);
        properties.put("spring.datasource.password", password);
        properties.put("spring.flyway.schemas", schema);
        return Optional.of(properties);
    }
}
