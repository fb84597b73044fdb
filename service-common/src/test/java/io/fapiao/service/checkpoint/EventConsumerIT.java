package io.fapiao.service.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.governance.GovernanceBootstrap;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.service.testing.DevelopmentLedger;
import io.fapiao.service.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event consumer and its database checkpoint against a real embedded node and a real database
 * (H2 file, and PostgreSQL when configured): every BillSubmitted event is handled exactly once across
 * a consumer restart and a handler failure, and the governance bootstrap is idempotent.
 */
class EventConsumerIT {
    @TempDir
    static Path dir;

    static DevelopmentLedger ledger;

    @BeforeAll
    static void start() throws Exception {
        ledger = DevelopmentLedger.start(dir.resolve("ledger"));
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
    }

    static Stream<String> databases() {
        return TestDatabases.postgresConfigured() ? Stream.of("h2", "postgres") : Stream.of("h2");
    }

    @Test
    void governanceBootstrapOnlyDoesWhatIsMissing() throws Exception {
        FapiaoLedger admin = ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "Admin");
        List<String> again = new GovernanceBootstrap(admin)
                .apply(DevelopmentConsortiumPlan.plan(Instant.now(), ledger.gm().sealCertificates()));
        assertThat(again).isEmpty();
        String hospital = DevelopmentConsortiumPlan.hospitals().get(0);
        assertThat(admin.submitter(hospital).sealCertificates()).hasSize(1);
        assertThat(admin.governance()
                        .grants(DevelopmentConsortiumPlan.ISSUER_MSP, io.fapiao.protocol.ledger.Role.CLAIMANT))
                .isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void everyEventIsHandledOnceAcrossRestartsAndFailures(String database) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource(database));
        jdbc.execute("create table seen (tx_id varchar(128) primary key)");
        TransactionTemplate transactions =
                new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        String consumerName = "test-" + database;
        FapiaoLedger hospital = ledger.client(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1");
        Identity hospitalKey = ledger.identity(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1");
        // One hospital per database run: both runs read the same ledger and filter events by USCC.
        String uscc = DevelopmentConsortiumPlan.hospitals().get(database.equals("h2") ? 1 : 2);
        List<String> submitted = new ArrayList<>();
        long seed = database.hashCode() * 1000L;

        // The handler fails once on the first event: the event must come again, not be skipped.
        AtomicInteger failuresLeft = new AtomicInteger(1);
        AtomicInteger handled = new AtomicInteger();
        EventConsumer consumer = consumer(jdbc, transactions, consumerName, failuresLeft, handled, uscc);
        consumer.start();
        for (int i = 0; i < 3; i++) {
            submitted.add(hospital.submitBill(seal(hospitalKey, uscc, seed + i)).transactionId());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> seen(jdbc).containsAll(submitted));
        consumer.stop();

        // Bills committed while the consumer is down are handled after it starts again, once each.
        for (int i = 3; i < 5; i++) {
            submitted.add(hospital.submitBill(seal(hospitalKey, uscc, seed + i)).transactionId());
        }
        EventConsumer again = consumer(jdbc, transactions, consumerName, new AtomicInteger(), handled, uscc);
        again.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> seen(jdbc).containsAll(submitted));
        again.stop();

        assertThat(seen(jdbc)).containsExactlyInAnyOrderElementsOf(submitted);
        assertThat(failuresLeft.get()).isZero();
        assertThat(handled.get()).isEqualTo(submitted.size());
        assertThat(new JdbcEventCheckpoint(jdbc, transactions, consumerName).position())
                .isPresent();
    }

    private static EventConsumer consumer(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            String name,
            AtomicInteger failuresLeft,
            AtomicInteger handled,
            String uscc)
            throws Exception {
        FapiaoLedger verifier = ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        return new EventConsumer(
                name,
                verifier.ledger(),
                new JdbcEventCheckpoint(jdbc, transactions, name),
                event -> {
                    if (!event.name().equals("BillSubmitted")
                            || !new String(event.payload(), java.nio.charset.StandardCharsets.UTF_8).contains(uscc)) {
                        return;
                    }
                    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw new IllegalStateException("handler failure on purpose");
                    }
                    // A primary key on tx_id: a second handling of the same event would fail the test loudly.
                    jdbc.update("insert into seen (tx_id) values (?)", event.transactionId());
                    // Counted when the checkpoint's transaction commits: a handling rolled back (a stop in the middle
                    // of
                    // it) is delivered again, and only the committed one counts.
                    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            handled.incrementAndGet();
                        }
                    });
                },
                EventConsumer.DEFAULT_BACKOFF.withMax(Duration.ofMillis(200)));
    }

    private static List<String> seen(JdbcTemplate jdbc) {
        return jdbc.queryForList("select tx_id from seen", String.class);
    }

    private static io.fapiao.protocol.seal.SealedBill seal(Identity signer, String uscc, long seed) throws Exception {
        return BillSealer.seal(
                SampleBills.outpatient(seed, uscc),
                signer.signer(),
                List.of(
                        ledger.identity(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1")
                                .certificate(),
                        ledger.identity(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1")
                                .certificate()));
    }

    private static DataSource dataSource(String database) {
        Map<String, String> p = database.equals("h2")
                ? TestDatabases.h2(dir.resolve("h2"))
                : TestDatabases.postgres().orElseThrow();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                p.get("spring.datasource.url"),
                p.getOrDefault("spring.datasource.username", "sa"),
                p.getOrDefault("spring.datasource.password", ""));
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common")
                .load()
                .migrate();
        return dataSource;
    }
}
