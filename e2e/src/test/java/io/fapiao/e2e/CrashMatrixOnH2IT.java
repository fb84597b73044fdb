package io.fapiao.e2e;

import java.nio.file.Path;

/** {@link CrashMatrixTests} on the one-machine default: each service's embedded H2 file. */
class CrashMatrixOnH2IT extends CrashMatrixTests {

    @Override
    String name() {
        return "H2";
    }

    @Override
    RunningPlatform startPlatform() throws Exception {
        return RunningPlatform.embedded(Path.of("target", "e2e-crash-h2").toAbsolutePath(), 24000);
    }
}
