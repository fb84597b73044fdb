package io.fapiao.issuer.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fapiao.service.testing.TestDatabases;
import java.util.Map;

/**
 * {@link RestPersistenceTests} on PostgreSQL ({@code FAPIAO_TEST_POSTGRES_URL}); skipped when none is
 * configured, except under CI, where a missing PostgreSQL fails.
 */
class RestPersistenceOnPostgresIT extends RestPersistenceTests {

    @Override
    Map<String, String> database() {
        assumeTrue(TestDatabases.postgresConfigured(), "FAPIAO_TEST_POSTGRES_URL is not set");
        return TestDatabases.postgres().orElseThrow();
    }
}
