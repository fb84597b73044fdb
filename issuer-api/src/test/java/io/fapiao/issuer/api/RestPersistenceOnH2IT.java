package io.fapiao.issuer.api;

import io.fapiao.service.testing.TestDatabases;
import java.util.Map;

/** {@link RestPersistenceTests} on the embedded default database, an H2 file. */
class RestPersistenceOnH2IT extends RestPersistenceTests {
    private int databases;

    @Override
    Map<String, String> database() {
        return TestDatabases.h2(dir.resolve("h2-" + databases++));
    }
}
