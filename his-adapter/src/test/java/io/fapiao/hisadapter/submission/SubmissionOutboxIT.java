package io.fapiao.hisadapter.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.fapiao.hisadapter.HisProperties;
import io.fapiao.service.testing.TestDatabases;
import io.fapiao.service.work.WorkItem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The submission outbox's claims on a real database (H2 file, and PostgreSQL when configured), through
 * the work queue it keeps its bills in: workers of several instances racing over the same bills each get
 * a bill nobody else holds, a lease left behind expires, and a bill taken out is gone whoever held it.
 */
class SubmissionOutboxIT {
    private static final int BILLS = 60;
    private static final int WORKERS = 4;

    @TempDir
    Path dir;

    final List<HikariDataSource> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    static Stream<String> databases() {
        return TestDatabases.postgresConfigured() ? Stream.of("h2", "postgres") : Stream.of("h2");
    }

    private JdbcTemplate database(String database) {
        Map<String, String> p = database.equals("h2")
                ? TestDatabases.h2(dir)
                : TestDatabases.postgres().orElseThrow();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(p.get("spring.datasource.url"));
        dataSource.setUsername(p.getOrDefault("spring.datasource.username", "sa"));
        dataSource.setPassword(p.getOrDefault("spring.datasource.password", ""));
        dataSource.setMaximumPoolSize(WORKERS + 1);
        pools.add(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/his-adapter")
                .load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (int i = 0; i < BILLS; i++) {
            String key = "91110000000000000X:B" + i;
            jdbc.update(
                    "insert into his_bill (bill_key, uscc, bill_id, content_digest, bill_json, suite, received_at, "
                            + "status, status_at) values (?, '91110000000000000X', ?, 'd', ?, 'INTL', 'now', 'RECEIVED', 'now')",
                    key,
                    "B" + i,
                    new byte[] {1});
        }
        // Queued as the intake queues them: in the transaction that stores the bill, or, here, on their own.
        SubmissionOutbox outbox = new SubmissionOutbox(jdbc, Clock.systemUTC(), properties(Duration.ofMinutes(5)));
        for (int i = 0; i < BILLS; i++) {
            outbox.add("91110000000000000X:B" + i);
        }
        return jdbc;
    }

    private static HisProperties properties(Duration lease) {
        return new HisProperties(
                List.of("91110000000000000X"),
                io.fapiao.protocol.crypto.CryptoSuite.INTL,
                null,
                null,
                new HisProperties.Recipients(null, null),
                null,
                null,
                Duration.ofMillis(100),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                lease,
                Duration.ofSeconds(1),
                1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void racingWorkersNeverHoldTheSameRow(String name) throws Exception {
        JdbcTemplate jdbc = database(name);
        Map<String, String> holder = new ConcurrentHashMap<>();
        List<String> doubles = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            String owner = "instance-" + w;
            // Each worker its own outbox object, as in another process on the same database.
            SubmissionOutbox outbox = new SubmissionOutbox(jdbc, Clock.systemUTC(), properties(Duration.ofMinutes(5)));
            workers.add(pool.submit(() -> {
                go.await();
                for (Optional<WorkItem> claimed = outbox.queue().claim(owner);
                        claimed.isPresent();
                        claimed = outbox.queue().claim(owner)) {
                    String earlier = holder.putIfAbsent(claimed.get().key(), owner);
                    if (earlier != null) {
                        doubles.add(claimed.get().key() + " by " + earlier + " and " + owner);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        assertThat(doubles).isEmpty();
        assertThat(holder).hasSize(BILLS);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aLeaseLeftByAStoppedWorkerExpiresAndAReleasedOneIsFreeAtOnce(String name) throws Exception {
        JdbcTemplate jdbc = database(name);
        SubmissionOutbox shortLease = new SubmissionOutbox(jdbc, Clock.systemUTC(), properties(Duration.ofMillis(300)));
        String held = shortLease.queue().claim("crashed").orElseThrow().key();
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1));
        SubmissionOutbox afterwards = new SubmissionOutbox(jdbc, later, properties(Duration.ofMinutes(5)));
        List<String> takenLater = new ArrayList<>();
        for (Optional<WorkItem> c = afterwards.queue().claim("next");
                c.isPresent();
                c = afterwards.queue().claim("next")) {
            takenLater.add(c.get().key());
        }
        assertThat(takenLater).contains(held).hasSize(BILLS);

        afterwards.queue().release("next");
        SubmissionOutbox third = new SubmissionOutbox(jdbc, Clock.systemUTC(), properties(Duration.ofMinutes(5)));
        String claimed = third.queue().claim("third").orElseThrow().key();

        // Submitted (or failed) by someone else meanwhile: taken out although "third" holds it.
        third.remove(claimed);
        assertThat(third.queue().find(claimed)).isEmpty();
        assertThat(third.queue().size()).isEqualTo(BILLS - 1);
    }
}
