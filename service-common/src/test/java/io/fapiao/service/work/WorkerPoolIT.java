package io.fapiao.service.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fapiao.ledger.client.Backoff;
import io.fapiao.service.instance.InstanceIdentity;
import io.fapiao.service.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The work queue and its worker pool on a real database (an H2 file, and PostgreSQL when configured):
 * items are added with the caller's transaction, handled once each by concurrent workers, retried
 * after failures without being skipped, held by one owner at a time, and taken up again after a stop;
 * a restarted process takes back its own leases at once and never another process's.
 */
class WorkerPoolIT {
    @TempDir
    static Path dir;

    static Stream<String> databases() {
        return TestDatabases.postgresConfigured() ? Stream.of("h2", "postgres") : Stream.of("h2");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void everyItemIsHandledOnceByWorkersAtTheSameTime(String database) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource(database, "concurrent"));
        TransactionTemplate transactions =
                new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        WorkQueue queue = new WorkQueue(jdbc, "bills", Duration.ofMinutes(5));
        int workers = 4;
        // The first items wait until all four workers hold one: the pool does work concurrently or never gets past.
        CountDownLatch allBusy = new CountDownLatch(workers);
        AtomicInteger inHand = new AtomicInteger();
        AtomicInteger mostInHand = new AtomicInteger();
        WorkerPool pool = new WorkerPool("bills", queue, InstanceIdentity.of("one"), workers, item -> {
            mostInHand.accumulateAndGet(inHand.incrementAndGet(), Math::max);
            try {
                allBusy.countDown();
                assertThat(allBusy.await(60, TimeUnit.SECONDS))
                        .as("four items in hand at once")
                        .isTrue();
                // A primary key: a second handling of the same item fails loudly.
                jdbc.update("insert into done (item_key) values (?)", item.key());
            } finally {
                inHand.decrementAndGet();
            }
        });
        pool.start();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String key = "bill-" + i;
            keys.add(key);
            // In the caller's transaction, as an event handler adds them with its checkpoint; the second add is a
            // no-op.
            transactions.executeWithoutResult(s -> {
                queue.add(key, "tx-" + key, 7L);
                assertThat(queue.add(key, "tx-" + key, 7L)).isFalse();
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> done(jdbc).size() == keys.size());
        pool.stop();

        assertThat(done(jdbc)).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(mostInHand.get()).isEqualTo(workers);
        assertThat(queue.size()).isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anItemAddedInARolledBackTransactionIsNotThere(String database) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource(database, "rollback"));
        TransactionTemplate transactions =
                new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        WorkQueue queue = new WorkQueue(jdbc, "bills", Duration.ofMinutes(5));
        transactions.executeWithoutResult(s -> {
            queue.add("bill-1", "tx-1", 1L);
            s.setRollbackOnly();
        });
        assertThat(queue.size()).isZero();
        transactions.executeWithoutResult(s -> queue.add("bill-1", "tx-1", 1L));
        assertThat(queue.find("bill-1")).get().satisfies(item -> {
            assertThat(item.eventTransactionId()).isEqualTo("tx-1");
            assertThat(item.eventBlockNumber()).isEqualTo(1L);
            assertThat(item.attempts()).isZero();
        });
        // Another queue in the same table does not see it.
        assertThat(new WorkQueue(jdbc, "invoices", Duration.ofMinutes(5)).size())
                .isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aFailingItemIsTriedAgainUntilItSucceedsAndWaitingIsNoFailure(String database) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource(database, "failing"));
        WorkQueue queue = new WorkQueue(jdbc, "bills", Duration.ofMinutes(5));
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        WorkerPool pool = new WorkerPool(
                "bills",
                queue,
                InstanceIdentity.of("one"),
                2,
                item -> {
                    int call = calls.computeIfAbsent(item.key(), k -> new AtomicInteger())
                            .incrementAndGet();
                    if (item.key().equals("flaky") && call <= 3) {
                        throw new IllegalStateException("LEDGER_UNAVAILABLE on purpose");
                    }
                    if (item.key().equals("patient") && call <= 3) {
                        throw new WorkDeferred("waits for another item", Duration.ofMillis(50));
                    }
                    jdbc.update("insert into done (item_key) values (?)", item.key());
                },
                Duration.ofMillis(100),
                new Backoff(Duration.ofMillis(200), Duration.ofMillis(400)));
        queue.add("flaky", null, null);
        queue.add("patient", null, null);
        queue.add("steady", null, null);
        pool.start();
        // Watch the failing item between attempts: its failures are counted with their reason.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> queue.find("flaky").map(WorkItem::attempts).orElse(0) >= 2);
        assertThat(jdbc.queryForObject("select last_error from work_item where item_key = 'flaky'", String.class))
                .contains("LEDGER_UNAVAILABLE");
        await().atMost(Duration.ofSeconds(60)).until(() -> done(jdbc).size() == 3);
        pool.stop();

        assertThat(done(jdbc)).containsExactlyInAnyOrder("flaky", "patient", "steady");
        assertThat(calls.get("flaky").get()).isEqualTo(4);
        assertThat(calls.get("patient").get()).isEqualTo(4);
        assertThat(calls.get("steady").get()).isEqualTo(1);
        assertThat(queue.size()).isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void oneOwnerHoldsAnItemUntilItsLeaseExpires(String database) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource(database, "lease"));
        // The queue's state is in the table: a queue object per moment stands in for a clock moving on.
        WorkQueue start = at(jdbc, Duration.ZERO);
        start.add("bill-1", null, null);
        start.add("bill-2", null, null);

        WorkItem first = start.claim("a").orElseThrow();
        assertThat(first.key()).isEqualTo("bill-1");
        WorkItem second = start.claim("b").orElseThrow();
        assertThat(second.key()).isEqualTo("bill-2");
        assertThat(start.claim("c")).isEmpty();

        // A put-back item is due again only after its wait; someone else's put-back changes nothing.
        start.retryLater(second, "a", Duration.ofSeconds(1), "OTHER_OWNER");
        assertThat(start.claim("c")).isEmpty();
        start.retryLater(second, "b", Duration.ofSeconds(1), "CODE");
        assertThat(start.claim("c")).isEmpty();
        assertThat(at(jdbc, Duration.ofSeconds(2)).claim("c"))
                .get()
                .extracting(WorkItem::key, WorkItem::attempts)
                .containsExactly("bill-2", 1);

        // The crashed owner "a" never comes back: its lease runs out and "d" takes the item.
        assertThat(at(jdbc, Duration.ofMinutes(4)).claim("d")).isEmpty();
        WorkQueue later = at(jdbc, Duration.ofMinutes(6));
        assertThat(later.claim("d")).get().extracting(WorkItem::key).isEqualTo("bill-1");

        // Released leases can be claimed at once.
        later.release("d");
        assertThat(later.claim("e")).get().extracting(WorkItem::key).isEqualTo("bill-1");
        later.remove(first);
        assertThat(later.find("bill-1")).isEmpty();
        assertThat(later.size()).isEqualTo(1);
    }

    private static WorkQueue at(JdbcTemplate jdbc, Duration sinceStart) {
        return new WorkQueue(
                jdbc,
                "bills",
                Duration.ofMinutes(5),
                Clock.fixed(Instant.parse("2026-03-15T01:00:00Z").plus(sinceStart), ZoneOffset.UTC));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aStoppedPoolLeavesItsItemsForTheNextStart(String database) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource(database, "restart"));
        WorkQueue queue = new WorkQueue(jdbc, "bills", Duration.ofMinutes(5));
        CountDownLatch holding = new CountDownLatch(1);
        // The first pool never finishes its item: it is stopped with the item in hand, as a process going down.
        WorkerPool first = new WorkerPool("bills", queue, InstanceIdentity.of("one"), 1, item -> {
            holding.countDown();
            Thread.sleep(Long.MAX_VALUE);
        });
        queue.add("bill-1", null, null);
        first.start();
        assertThat(holding.await(60, TimeUnit.SECONDS)).isTrue();
        first.stop();
        assertThat(queue.find("bill-1")).isPresent();
        assertThat(jdbc.queryForObject("select count(*) from work_item where lease_owner is not null", Integer.class))
                .isZero();

        WorkerPool second = new WorkerPool(
                "bills",
                queue,
                InstanceIdentity.of("one"),
                2,
                item -> jdbc.update("insert into done (item_key) values (?)", item.key()));
        second.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> done(jdbc).contains("bill-1"));
        second.stop();
        assertThat(queue.size()).isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRestartedInstanceTakesBackItsOwnLeasesAtOnceAndNeverAnotherInstancesLeases(String database) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource(database, "instances"));
        WorkQueue queue = new WorkQueue(jdbc, "bills", Duration.ofMinutes(5));
        queue.add("held-by-a", null, null);
        queue.add("held-by-b", null, null);
        // What two processes left when they were killed: each held one item, for five more minutes.
        WorkItem heldByA = queue.claim("bills@instance-a").orElseThrow();
        WorkItem heldByB = queue.claim("bills@instance-b").orElseThrow();
        assertThat(List.of(heldByA.key(), heldByB.key())).containsExactly("held-by-a", "held-by-b");
        long aLeaseEnds = leaseUntil(jdbc, "held-by-a");
        long bLeaseEnds = leaseUntil(jdbc, "held-by-b");

        Map<String, Long> handledAt = new ConcurrentHashMap<>();
        WorkHandler record = item -> handledAt.put(item.key(), System.currentTimeMillis());
        // Process a comes back under its id; b does not (yet).
        WorkerPool a = new WorkerPool(
                "bills",
                queue,
                InstanceIdentity.of("instance-a"),
                2,
                record,
                Duration.ofMillis(50),
                WorkerPool.DEFAULT_BACKOFF.withMax(Duration.ofSeconds(1)));
        assertThat(a.owner()).isEqualTo("bills@instance-a");
        a.start();
        try {
            await().atMost(Duration.ofMinutes(6)).until(() -> handledAt.containsKey("held-by-a"));
            // Taken back before its lease would have expired: by the start, not by the lease running out.
            assertThat(handledAt.get("held-by-a")).isLessThan(aLeaseEnds);
            // b's item is b's until its lease runs out: a neither released nor claimed it.
            assertThat(handledAt).doesNotContainKey("held-by-b");
            assertThat(leaseOwner(jdbc, "held-by-b")).isEqualTo("bills@instance-b");
            assertThat(leaseUntil(jdbc, "held-by-b")).isEqualTo(bLeaseEnds);
        } finally {
            a.stop();
        }
        // Nor does a's graceful stop give back what b holds.
        assertThat(leaseOwner(jdbc, "held-by-b")).isEqualTo("bills@instance-b");
        assertThat(queue.find("held-by-a")).isEmpty();

        WorkerPool b = new WorkerPool(
                "bills",
                queue,
                InstanceIdentity.of("instance-b"),
                1,
                record,
                Duration.ofMillis(50),
                WorkerPool.DEFAULT_BACKOFF.withMax(Duration.ofSeconds(1)));
        b.start();
        try {
            await().atMost(Duration.ofMinutes(6)).until(() -> handledAt.containsKey("held-by-b"));
            assertThat(handledAt.get("held-by-b")).isLessThan(bLeaseEnds);
        } finally {
            b.stop();
        }
        assertThat(queue.size()).isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anItemWhoseFateCouldNotBeWrittenMovesOnOnceTheDatabaseIsBackNotWhenItsLeaseEnds(String database)
            throws Exception {
        DataSource direct = dataSource(database, "outage");
        OutageDataSource db = new OutageDataSource(direct);
        JdbcTemplate jdbc = new JdbcTemplate(db);
        // The test watches through a door of its own, which the outage does not close.
        WorkQueue watched = new WorkQueue(new JdbcTemplate(direct), "bills", Duration.ofMinutes(30));
        // A lease far longer than the test may wait: only the worker's retries can move the items.
        WorkQueue queue = new WorkQueue(jdbc, "bills", Duration.ofMinutes(30));
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        WorkerPool pool = new WorkerPool(
                "bills",
                queue,
                InstanceIdentity.of("one"),
                2,
                item -> {
                    int call = calls.computeIfAbsent(item.key(), k -> new AtomicInteger())
                            .incrementAndGet();
                    if (call == 1) {
                        // The database goes away in the middle: "fails" cannot be put back, "succeeds" cannot be
                        // removed.
                        db.goAway(Duration.ofSeconds(2));
                        if (item.key().equals("fails")) {
                            throw new IllegalStateException("DATABASE_AWAY on purpose");
                        }
                    }
                },
                Duration.ofMillis(100),
                new Backoff(Duration.ofMillis(200), Duration.ofMillis(500)));
        queue.add("fails", null, null);
        queue.add("succeeds", null, null);
        pool.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> watched.size() == 0);
        } finally {
            pool.stop();
        }
        assertThat(db.refused())
                .as("writes refused while the database was away")
                .isPositive();
        assertThat(calls.get("fails").get()).isEqualTo(2);
        assertThat(calls.get("succeeds").get())
                .as("a finished item is removed, not done again")
                .isEqualTo(1);
    }

    /** A database that refuses connections for a while, as a killed server does until it is restarted. */
    private static final class OutageDataSource extends org.springframework.jdbc.datasource.DelegatingDataSource {
        private volatile long awayUntil;
        private final AtomicInteger refused = new AtomicInteger();

        OutageDataSource(DataSource target) {
            super(target);
        }

        void goAway(Duration howLong) {
            awayUntil = System.nanoTime() + howLong.toNanos();
        }

        int refused() {
            return refused.get();
        }

        @Override
        public java.sql.Connection getConnection() throws java.sql.SQLException {
            if (System.nanoTime() < awayUntil) {
                refused.incrementAndGet();
                throw new java.sql.SQLTransientConnectionException("the database is away");
            }
            return super.getConnection();
        }
    }

    private static long leaseUntil(JdbcTemplate jdbc, String key) {
        return jdbc.queryForObject("select lease_until from work_item where item_key = ?", Long.class, key);
    }

    private static String leaseOwner(JdbcTemplate jdbc, String key) {
        return jdbc.queryForObject("select lease_owner from work_item where item_key = ?", String.class, key);
    }

    private static List<String> done(JdbcTemplate jdbc) {
        return jdbc.queryForList("select item_key from done", String.class);
    }

    private static DataSource dataSource(String database, String name) {
        Map<String, String> p = database.equals("h2")
                ? TestDatabases.h2(dir.resolve(name))
                : TestDatabases.postgres().orElseThrow();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                p.get("spring.datasource.url"),
                p.getOrDefault("spring.datasource.username", "sa"),
                p.getOrDefault("spring.datasource.password", ""));
        // work_item as every service creates it (the common migrations), and the test's own table of done items.
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/work-test")
                .load()
                .migrate();
        return dataSource;
    }
}
