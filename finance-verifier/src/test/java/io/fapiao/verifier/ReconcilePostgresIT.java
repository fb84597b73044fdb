package io.fapiao.verifier;

import io.fapiao.service.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIf;

/** {@link ReconcileTests} on PostgreSQL (FAPIAO_TEST_POSTGRES_URL); skipped when none is configured, an error under CI. */
@EnabledIf("io.fapiao.service.testing.TestDatabases#postgresConfigured")
class ReconcilePostgresIT extends ReconcileTests {
    @Override
    Map<String, String> database(Path dir) {
        return TestDatabases.postgres().orElseThrow();
    }
}
