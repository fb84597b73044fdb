package io.fapiao.issuer.api;

import io.fapiao.service.testing.TestDatabases;
import java.util.Map;

/** {@link ReconcileTests} on the embedded default database, an H2 file. */
class ReconcileOnH2IT extends ReconcileTests {
    @Override
    Map<String, String> database() {
        return TestDatabases.h2(dir.resolve("h2"));
    }
}
