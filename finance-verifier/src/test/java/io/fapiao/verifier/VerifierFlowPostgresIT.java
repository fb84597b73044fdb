package io.fapiao.verifier;

import io.fapiao.service.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link VerifierFlowIT} on PostgreSQL (FAPIAO_TEST_POSTGRES_URL, a fresh schema). Outside CI it is
 * skipped when no server is configured; under CI=true a missing server fails it.
 */
class VerifierFlowPostgresIT extends VerifierFlowIT {
    @Override
    Map<String, String> database(Path dir) {
        var postgres = TestDatabases.postgres();
        Assumptions.assumeTrue(postgres.isPresent(), "FAPIAO_TEST_POSTGRES_URL is not set");
        return postgres.get();
    }
}
