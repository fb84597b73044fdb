package io.fapiao.issuer.api;

import io.fapiao.service.testing.TestDatabases;
import java.util.Map;

/** {@link NumberReportTests} on the embedded default database, an H2 file. */
class NumberReportOnH2IT extends NumberReportTests {
    @Override
    Map<String, String> database() {
        return TestDatabases.h2(dir.resolve("h2"));
    }
}
