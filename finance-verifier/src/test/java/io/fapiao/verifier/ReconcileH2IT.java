package io.fapiao.verifier;

import io.fapiao.service.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;

/** {@link ReconcileTests} on the embedded default database, an H2 file. */
class ReconcileH2IT extends ReconcileTests {
    @Override
    Map<String, String> database(Path dir) {
        return TestDatabases.h2(dir);
    }
}
