package io.fapiao.issuer.api;

import io.fapiao.service.testing.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIf;

/** {@link ReconcileTests} on PostgreSQL (FAPIAO_TEST_POSTGRES_URL); skipped when none is configured, an error under CI. */
@EnabledIf("io.fapiao.service.testing.TestDatabases#postgresConfigured")
class ReconcileOnPostgresIT extends ReconcileTests {
    @Override
    Map<String, String> database() {
        return TestDatabases.postgres().orElseThrow();
    }
}
