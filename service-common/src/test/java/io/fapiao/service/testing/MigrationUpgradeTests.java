package io.fapiao.service.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fapiao.service.work.WorkItem;
import io.fapiao.service.work.WorkQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A service's database created by its first release still works after an upgrade: the migrations that
 * release applied are unchanged (Flyway would refuse to start on a changed checksum), and the work items
 * waiting in its {@code work_item} are still there after the new migrations and claimed by the new code.
 * Each service names its migrations, the last version of its first release, the checksums of that
 * release's files and its work queue; the test runs on an H2 file and on PostgreSQL when configured
 * ({@link TestDatabases}).
 *
 * <pre>{@code
 * class WorkItemUpgradeIT extends MigrationUpgradeTests {
 *     WorkItemUpgradeIT() { super("finance-verifier", "11", Map.of("1", 1735079189, "11", 834507052), "verification"); }
 * }
 * }</pre>
 */
public abstract class MigrationUpgradeTests {
    private final String service;
    private final String firstRelease;
    private final Map<String, Integer> firstReleaseChecksums;
    private final String queue;

    @TempDir
    Path dir;

    /**
     * @param service               the service's migration folder, {@code db/migration/<service>}
     * @param firstRelease          the last migration version the first release applied
     * @param firstReleaseChecksums Flyway's checksum of each migration that release applied, by version
     * @param queue                 a work queue of the service, or null when its first release had none
     */
    protected MigrationUpgradeTests(
            String service, String firstRelease, Map<String, Integer> firstReleaseChecksums, String queue) {
        this.service = service;
        this.firstRelease = firstRelease;
        this.firstReleaseChecksums = Map.copyOf(firstReleaseChecksums);
        this.queue = queue;
    }

    static Stream<String> databases() {
        return TestDatabases.postgresConfigured() ? Stream.of("h2", "postgres") : Stream.of("h2");
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

    @ParameterizedTest
    @MethodSource("databases")
    void workWaitingInADatabaseOfTheFirstReleaseIsClaimedAfterTheUpgrade(String database) throws Exception {
        assumeTrue(queue != null, "the first release of " + service + " kept no work in work_item");
        DriverManagerDataSource dataSource = dataSource(database, "upgrade");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        flyway(dataSource, firstRelease).migrate();
        // As the first release left them: one item due, one that failed twice, one held by a process that died.
        long now = System.currentTimeMillis();
        String insert = "insert into work_item (queue, item_key, event_transaction_id, event_block_number, added_at, "
                + "next_attempt_at, attempts, last_error, lease_owner, lease_until) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        jdbc.update(insert, queue, "due", "tx-1", 7L, now, now, 0, null, null, null);
        jdbc.update(insert, queue, "failed-twice", null, null, now, now, 2, "LEDGER_UNAVAILABLE", null, null);
        jdbc.update(insert, queue, "held", null, null, now, now, 0, null, queue + "@dead", now + 600_000);

        Flyway upgrade = flyway(dataSource, "latest");
        upgrade.migrate();
        assertThat(List.of(upgrade.info().all()))
                .allSatisfy(info ->
                        assertThat(info.getState()).as("V" + info.getVersion()).isIn(MigrationState.SUCCESS));

        WorkQueue work = new WorkQueue(jdbc, queue, Duration.ofMinutes(5));
        assertThat(work.size()).isEqualTo(3);
        Set<String> claimed = new HashSet<>();
        for (Optional<WorkItem> item = work.claim("new"); item.isPresent(); item = work.claim("new")) {
            claimed.add(item.get().key());
        }
        assertThat(claimed).containsExactlyInAnyOrder("due", "failed-twice");
        assertThat(work.find("failed-twice"))
                .get()
                .extracting(WorkItem::attempts)
                .isEqualTo(2);
        assertThat(work.find("due"))
                .get()
                .extracting(WorkItem::eventTransactionId, WorkItem::eventBlockNumber)
                .containsExactly("tx-1", 7L);
        // The new code adds to the same table.
        work.add("after-the-upgrade", null, null);
        assertThat(work.claim("new")).get().extracting(WorkItem::key).isEqualTo("after-the-upgrade");
    }

    private Flyway flyway(DriverManagerDataSource dataSource, String target) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + service)
                .target(target)
                .load();
    }

    private DriverManagerDataSource dataSource(String database, String name) {
        Map<String, String> p = database.equals("h2")
                ? TestDatabases.h2(dir.resolve(name))
                : TestDatabases.postgres().orElseThrow();
        return new DriverManagerDataSource(
                p.get("spring.datasource.url"),
                p.getOrDefault("spring.datasource.username", "sa"),
                p.getOrDefault("spring.datasource.password", ""));
    }
}
