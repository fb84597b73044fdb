package io.fapiao.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link CrashMatrixTests} with the three services' data in PostgreSQL (a fresh database on the
 * server named by {@code FAPIAO_TEST_POSTGRES_URL}), and the server itself in the matrix: every
 * PostgreSQL process is killed with SIGKILL, as a crash of its machine would, and the server started
 * again with {@code FAPIAO_TEST_POSTGRES_RESTART} (a shell command, {@code pg_ctlcluster 15 main start}
 * in {@code .ci/run}); the services reconnect by themselves. Without that command the server is not
 * killed (its kill is skipped, never faked). Outside CI, without PostgreSQL, the test is skipped; under
 * {@code CI=true} it fails.
 */
class CrashMatrixOnPostgresIT extends CrashMatrixTests {
    private static final String POSTGRES = "postgresql";

    @Override
    String name() {
        return "PostgreSQL";
    }

    @Override
    RunningPlatform startPlatform() throws Exception {
        String url = System.getenv("FAPIAO_TEST_POSTGRES_URL");
        boolean configured = url != null && !url.isBlank();
        if (!configured && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but FAPIAO_TEST_POSTGRES_URL is not set: .ci/run must start "
                    + "PostgreSQL and export it");
        }
        assumeTrue(configured, "FAPIAO_TEST_POSTGRES_URL names no PostgreSQL server");
        String user = System.getenv().getOrDefault("FAPIAO_TEST_POSTGRES_USER", "fapiao");
        String password = System.getenv().getOrDefault("FAPIAO_TEST_POSTGRES_PASSWORD", "");
        String database = "fapiao_crash_" + Long.toString(System.currentTimeMillis(), 36);
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + database);
        }
        String databaseUrl = url.substring(0, url.lastIndexOf('/') + 1) + database;
        return RunningPlatform.embedded(
                Path.of("target", "e2e-crash-postgres").toAbsolutePath(),
                25000,
                Map.of(
                        "FAPIAO_DATABASE_URL",
                        databaseUrl,
                        "FAPIAO_DATABASE_USER",
                        user,
                        "FAPIAO_DATABASE_PASSWORD",
                        password));
    }

    @Override
    List<String> databaseProcesses() {
        String restart = System.getenv("FAPIAO_TEST_POSTGRES_RESTART");
        return restart == null || restart.isBlank() ? List.of() : List.of(POSTGRES);
    }

    @Override
    void crashDatabase(String process) throws Exception {
        List<ProcessHandle> server = ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .command()
                        .map(c -> c.startsWith("/usr/lib/postgresql/"))
                        .orElse(false))
                .toList();
        assertThat(server).as("the PostgreSQL server's processes").isNotEmpty();
        server.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : server) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
        Thread.sleep(500);
        Process restart = new ProcessBuilder("bash", "-c", System.getenv("FAPIAO_TEST_POSTGRES_RESTART"))
                .inheritIO()
                .start();
        assertThat(restart.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertThat(restart.exitValue()).as("FAPIAO_TEST_POSTGRES_RESTART").isZero();
    }
}
