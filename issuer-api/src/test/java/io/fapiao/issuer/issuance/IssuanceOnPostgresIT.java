package io.fapiao.issuer.issuance;

import io.fapiao.service.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The issuance flow on PostgreSQL (FAPIAO_TEST_POSTGRES_URL, _USER, _PASSWORD; required under CI,
 * skipped elsewhere when unset).
 */
@EnabledIf("io.fapiao.service.testing.TestDatabases#postgresConfigured")
class IssuanceOnPostgresIT extends IssuanceFlowTests {
    @Override
    Map<String, String> database(Path dir) {
        return TestDatabases.postgres().orElseThrow();
    }
}
