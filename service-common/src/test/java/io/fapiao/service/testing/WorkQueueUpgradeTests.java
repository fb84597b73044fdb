package io.fapiao.service.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.service.work.WorkItem;
import io.fapiao.service.work.WorkQueue;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@link MigrationUpgradeTests} for a service whose first release kept work in {@code work_item}: the
 * items waiting there (due, failed before, leased by a process that died) are still there after the new
 * migrations and claimed by the new code; on an H2 file and on PostgreSQL when configured.
 *
 * <pre>{@code
 * class UpgradeFromFirstReleaseIT extends WorkQueueUpgradeTests {
 *     UpgradeFromFirstReleaseIT() { super("finance-verifier", "11", Map.of("1", 1735079189, "11", 834507052), "verification"); }
 * }
 * }</pre>
 */
public abstract class WorkQueueUpgradeTests extends MigrationUpgradeTests {
    private final String queue;

    /** As {@link MigrationUpgradeTests}, plus the service's work queue. */
    protected WorkQueueUpgradeTests(
            String service, String firstRelease, Map<String, Integer> firstReleaseChecksums, String queue) {
        super(service, firstRelease, firstReleaseChecksums);
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    static Stream<String> databases() {
        return TestDatabases.postgresConfigured() ? Stream.of("h2", "postgres") : Stream.of("h2");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void workWaitingInADatabaseOfTheFirstReleaseIsClaimedAfterTheUpgrade(String database) throws Exception {
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
}
