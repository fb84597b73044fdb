package io.fapiao.verifier;

import io.fapiao.service.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;

/** {@link VerifierFlowIT} on the embedded default database, an H2 file. */
class VerifierFlowH2IT extends VerifierFlowIT {
    @Override
    Map<String, String> database(Path dir) {
        return TestDatabases.h2(dir);
    }
}
