package io.fapiao.e2e;

import java.nio.file.Path;

/**
 * {@link LifecycleScenarios} on the default shape, started as {@code ./fapiao up} starts it
 * ({@code scripts/platform.sh up}): the embedded ledger node and the three service jars as processes.
 */
class PlatformIT extends LifecycleScenarios {

    @Override
    RunningPlatform startPlatform() throws Exception {
        return RunningPlatform.embedded(Path.of("target", "e2e-platform").toAbsolutePath(), 27000);
    }
}
