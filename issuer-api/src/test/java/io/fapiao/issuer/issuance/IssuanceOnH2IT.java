package io.fapiao.issuer.issuance;

import io.fapiao.service.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;

/** The issuance flow on the embedded default database, an H2 file. */
class IssuanceOnH2IT extends IssuanceFlowTests {
    @Override
    Map<String, String> database(Path dir) {
        return TestDatabases.h2(dir.resolve("h2"));
    }
}
