package io.fapiao.ledger.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fapiao.ledger.client.LedgerException.Step;
import io.fapiao.ledger.commit.CheckedTransaction;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumGenerator;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Ledger} against a real embedded node over gRPC with TLS on loopback, with identities from a
 * generated development consortium: what is retried and what never is.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LedgerTest {
    private static final String HOSPITAL = "HospitalOrgMSP";

    /** Fast retries: a retry that should not happen shows up as extra attempts, not as a slow test. */
    private static final RetryPolicy QUICK = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(10));
    /** Backoff of an hour: a retry that should not happen shows up as a call that never returns. */
    private static final RetryPolicy GLACIAL = new RetryPolicy(5, Duration.ofHours(1), Duration.ofHours(1));
    /** Rides out a node restart, whose gRPC reconnect backoff starts at a second. */
    private static final RetryPolicy PATIENT = new RetryPolicy(60, Duration.ofMillis(100), Duration.ofSeconds(1));

    @TempDir
    static Path dir;

    static Consortium consortium;
    static EmbeddedNode node;

    @BeforeAll
    static void start() throws Exception {
        consortium = ConsortiumGenerator.revoke(
                ConsortiumGenerator.openOrCreate(dir.resolve("crypto")), HOSPITAL, "enterprise1");
        node = EmbeddedNode.start(consortium, dir.resolve("data"));
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static Ledger hospital(RetryPolicy retry) throws Exception {
        return Ledger.connect(node.settings(HOSPITAL, "hospital1").retry(retry).build());
    }

    @Test
    void submitThenEvaluate() throws Exception {
        try (Ledger ledger = hospital(QUICK)) {
            Committed put = ledger.submit("ledgertest:Put", "greeting", "ni hao");

            assertThat(put.transactionId()).isNotBlank();
            assertThat(put.blockNumber())
                    .isPositive()
                    .isEqualTo(node.ledger()
                            .transaction(put.transactionId())
                            .orElseThrow()
                            .blockNumber());
            assertThat(new String(ledger.evaluate("ledgertest:Get", "greeting"), UTF_8))
                    .isEqualTo("ni hao");

            Committed increment = ledger.submit("ledgertest:Increment", "submit-counter");
            assertThat(new String(increment.result(), UTF_8)).isEqualTo("1");
            assertThat(increment.blockNumber()).isGreaterThanOrEqualTo(put.blockNumber());
        }
    }

    @Test
    void aChaincodeRefusalCarriesItsCodeAndIsNotRetried() throws Exception {
        try (Ledger ledger = hospital(QUICK)) {
            int before = CountingContract.REFUSALS.get();
            ChaincodeRejection submitted = catchThrowableOfType(
                    ChaincodeRejection.class,
                    () -> ledger.submit("clienttest:Refuse", "BILL_CONFLICT", "bill 42 exists with other content"));

            assertThat(submitted.code()).isEqualTo("BILL_CONFLICT");
            assertThat(submitted.reason()).isEqualTo("bill 42 exists with other content");
            assertThat(submitted.step()).isEqualTo(Step.ENDORSE);
            assertThat(submitted.transactionId()).isPresent();
            assertThat(CountingContract.REFUSALS.get() - before)
                    .as("contract runs for one submit")
                    .isEqualTo(1);
            assertThat(node.ledger().transaction(submitted.transactionId().get()))
                    .as("never ordered")
                    .isEmpty();

            ChaincodeRejection evaluated = catchThrowableOfType(
                    ChaincodeRejection.class,
                    () -> ledger.evaluate("clienttest:Refuse", "NOT_FOUND", "no bill 9132:B1"));
            assertThat(evaluated.code()).isEqualTo("NOT_FOUND");
            assertThat(evaluated.reason()).isEqualTo("no bill 9132:B1");
            assertThat(evaluated.step()).isEqualTo(Step.EVALUATE);
            assertThat(CountingContract.REFUSALS.get() - before)
                    .as("contract runs for one evaluate")
                    .isEqualTo(2);
        }
    }

    @Test
    void aRevokedIdentityIsRefusedAndNotRetried() throws Exception {
        try (Ledger ledger = Ledger.connect(
                node.settings(HOSPITAL, "enterprise1").retry(GLACIAL).build())) {
            assertRefusedAtOnce(ledger);
        }
    }

    @Test
    void anIdentityFromAnUnknownCaIsRefusedAndNotRetried(@TempDir Path files) throws Exception {
        CertificateAuthority rogue = CertificateAuthority.create(
                CryptoSuite.INTL,
                "HospitalOrg",
                "ca.hospital.fapiao.local",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        Identity impostor = rogue.issue(IdentityProfile.named("hospital1").withUnit("client"));
        Path certificate = Files.writeString(files.resolve("cert.pem"), Pem.certificate(impostor.certificate()));
        Path key = Files.writeString(files.resolve("key.pem"), Pem.privateKey(impostor.privateKey()));
        LedgerSettings settings = node.settings(HOSPITAL, "hospital1")
                .certificate(certificate)
                .privateKey(key)
                .retry(GLACIAL)
                .build();
        try (Ledger ledger = Ledger.connect(settings)) {
            assertRefusedAtOnce(ledger);
        }
    }

    /** A retry would sleep for an hour, so a refusal that comes back at all came back unretried. */
    private static void assertRefusedAtOnce(Ledger ledger) {
        LedgerRefused submit = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> catchThrowableOfType(LedgerRefused.class, () -> ledger.submit("ledgertest:Put", "k", "v")));
        assertThat(submit.step()).isEqualTo(Step.ENDORSE);
        assertThat(submit.getMessage()).contains("access denied");
        LedgerRefused evaluate = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> catchThrowableOfType(LedgerRefused.class, () -> ledger.evaluate("ledgertest:Get", "k")));
        assertThat(evaluate.step()).isEqualTo(Step.EVALUATE);
        assertThat(evaluate.getMessage()).contains("access denied");
    }

    @Test
    void anUnreachableNodeIsUnavailableAfterThePolicysAttempts() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LedgerSettings settings = node.settings(HOSPITAL, "hospital1")
                .endpoint("localhost:" + closedPort)
                .retry(QUICK)
                .build();
        try (Ledger ledger = Ledger.connect(settings)) {
            LedgerUnavailable submit =
                    catchThrowableOfType(LedgerUnavailable.class, () -> ledger.submit("ledgertest:Put", "k", "v"));
            assertThat(submit.attempts()).isEqualTo(QUICK.maxAttempts());
            assertThat(submit.step()).isEqualTo(Step.ENDORSE);
            assertThat(submit.getMessage()).startsWith("UNAVAILABLE").endsWith("(after 5 attempts)");

            LedgerUnavailable evaluate =
                    catchThrowableOfType(LedgerUnavailable.class, () -> ledger.evaluate("ledgertest:Get", "k"));
            assertThat(evaluate.attempts()).isEqualTo(QUICK.maxAttempts());
            assertThat(evaluate.step()).isEqualTo(Step.EVALUATE);
        }
    }

    @Test
    void aSubmitRetryingWhileTheNodeRestartsIsAppliedExactlyOnce() throws Exception {
        try (Ledger ledger = hospital(PATIENT)) {
            ledger.evaluate("ledgertest:Get", "warm-up"); // the channel is connected before the node goes
            node.stop();
            CompletableFuture<Committed> submit = CompletableFuture.supplyAsync(() -> {
                try {
                    return ledger.submit("ledgertest:Increment", "restart-counter");
                } catch (LedgerException e) {
                    throw new IllegalStateException(e);
                }
            });
            EmbeddedNode.sleep(Duration.ofMillis(1500));
            assertThat(submit).as("nothing can commit while the node is down").isNotDone();
            node.startAgain();

            Committed committed = submit.get(2, TimeUnit.MINUTES);
            assertThat(new String(committed.result(), UTF_8)).isEqualTo("1");
            assertThat(new String(ledger.evaluate("ledgertest:Get", "restart-counter"), UTF_8))
                    .isEqualTo("1");
            assertThat(new String(ledger.evaluate("ledgertest:History", "restart-counter"), UTF_8))
                    .isEqualTo(committed.transactionId() + ":1");
        }
    }

    @Test
    void readConflictsAtCommitAreRetriedWithAFreshProposal() throws Exception {
        int writers = 4;
        RetryPolicy retry = new RetryPolicy(3 * writers, Duration.ofMillis(20), Duration.ofMillis(300));
        long firstBlock = node.ledger().height();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (Ledger ledger = hospital(retry)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Committed>> submits = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                submits.add(pool.submit(() -> {
                    go.await();
                    return ledger.submit("ledgertest:Increment", "contended");
                }));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            List<String> committedIds = new ArrayList<>();
            for (Future<Committed> submit : submits) {
                Committed committed = submit.get(2, TimeUnit.MINUTES);
                results.add(new String(committed.result(), UTF_8));
                committedIds.add(committed.transactionId());
            }

            assertThat(results).containsExactlyInAnyOrder("1", "2", "3", "4");
            assertThat(new String(ledger.evaluate("ledgertest:Get", "contended"), UTF_8))
                    .isEqualTo("4");
            List<CheckedTransaction> ordered = transactionsSince(firstBlock);
            assertThat(ordered)
                    .as("at least one writer lost a race and was retried under a new id")
                    .anySatisfy(tx -> assertThat(tx.code()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT));
            assertThat(ordered)
                    .filteredOn(tx -> tx.code() == TxValidationCode.VALID)
                    .extracting(CheckedTransaction::txId)
                    .containsExactlyInAnyOrderElementsOf(committedIds);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<CheckedTransaction> transactionsSince(long firstBlock) throws Exception {
        List<CheckedTransaction> all = new ArrayList<>();
        for (long n = firstBlock; n < node.ledger().height(); n++) {
            all.addAll(node.ledger().transactions(node.ledger().block(n)));
        }
        return all;
    }

    @Test
    void aPluggableSignerSignsEverything() throws Exception {
        ECPrivateKey key = (ECPrivateKey) consortium.user(HOSPITAL, "hospital1").privateKey();
        DigestSigner signer = new DigestSigner(key);
        LedgerSettings settings = node.settings(HOSPITAL, "hospital1")
                .privateKey(null)
                .retry(QUICK)
                .build();
        try (Ledger ledger = Ledger.connect(settings, signer)) {
            Committed committed = ledger.submit("ledgertest:Put", "signed-by", "hsm");

            assertThat(committed.blockNumber()).isPositive();
            assertThat(new String(ledger.evaluate("ledgertest:Get", "signed-by"), UTF_8))
                    .isEqualTo("hsm");
            // proposal, transaction envelope, commit-status request, evaluate proposal
            assertThat(signer.signatures.get()).isEqualTo(4);
        }
    }
}
