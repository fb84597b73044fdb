package io.fapiao.service.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A service's database created by its first release still works after an upgrade: the migrations that
 * release applied are unchanged (Flyway would refuse to start on a changed checksum). Each service names
 * its migrations, the last version of its first release and the checksums of that release's files; a
 * service whose first release kept work in {@code work_item} extends {@link WorkQueueUpgradeTests}.
 *
 * <pre>{@code
 * class UpgradeFromFirstReleaseIT extends MigrationUpgradeTests {
 *     UpgradeFromFirstReleaseIT() { super("his-adapter", "10", Map.of("1", 1735079189, "10", -2138636792)); }
 * }
 * }</pre>
 */
public abstract class MigrationUpgradeTests {
    private final String service;
    protected final String firstRelease;
    private final Map<String, Integer> firstReleaseChecksums;

    @TempDir
    Path dir;

    /**
     * @param service               the service's migration folder, {@code db/migration/<service>}
     * @param firstRelease          the last migration version the first release applied
     * @param firstReleaseChecksums Flyway's checksum of each migration that release applied, by version
     */
    protected MigrationUpgradeTests(String service, String firstRelease, Map<String, Integer> firstReleaseChecksums) {
        this.service = service;
        this.firstRelease = firstRelease;
        this.firstReleaseChecksums = Map.copyOf(firstReleaseChecksums);
    }

    @Test
    void theMigrationsOfTheFirstReleaseAreUnchanged() {
        Map<String, Integer> checksums = new LinkedHashMap<>();
        for (MigrationInfo info :
                flyway(dataSource("h2", "checksums"), "latest").info().all()) {
            if (firstReleaseChecksums.containsKey(info.getVersion().getVersion())) {
                checksums.put(info.getVersion().getVersion(), info.getChecksum());
            }
        }
        // A failure here means an applied migration was edited: every database of that release would fail to
        // start. Put the change in a new migration instead (docs/operations.md, "Database migrations").
        assertThat(checksums).isEqualTo(firstReleaseChecksums);
    }

    protected final Flyway flyway(DriverManagerDataSource dataSource, String target) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + service)
                .target(target)
                .load();
    }

    protected final DriverManagerDataSource dataSource(String database, String name) {
        Map<String, String> p = database.equals("h2")
                ? TestDatabases.h2(dir.resolve(name))
                : TestDatabases.postgres().orElseThrow();
        return new DriverManagerDataSource(
                p.get("spring.datasource.url"),
                p.getOrDefault("spring.datasource.username", "sa"),
                p.getOrDefault("spring.datasource.password", ""));
    }
}
