package io.fapiao.issuer.api;

import io.fapiao.service.testing.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@link NumberReportTests} on PostgreSQL ({@code FAPIAO_TEST_POSTGRES_URL}); skipped when none is
 * configured.
 */
@EnabledIf("io.fapiao.service.testing.TestDatabases#postgresConfigured")
class NumberReportOnPostgresIT extends NumberReportTests {
    @Override
    Map<String, String> database() {
        return TestDatabases.postgres().orElseThrow();
    }
}
