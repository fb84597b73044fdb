package io.fapiao.hisadapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.development.GmMaterial;
import io.fapiao.hisadapter.AdapterApi.Answer;
import io.fapiao.hisadapter.bill.BillVault;
import io.fapiao.hisadapter.bill.RegisteredSubmitters;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.IdentityFolder;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.RecipientKey;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.CheckCodeDigest;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.protocol.seal.BillOpener;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.OpenedBill;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.statement.VerdictStatement;
import io.fapiao.service.testing.DevelopmentLedger;
import io.fapiao.service.testing.TestClients;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * The adapter end to end over HTTP, against a real embedded ledger and a real database; each subclass
 * names the database (H2 file, PostgreSQL). A bill goes in, is sealed, submitted, verified on the
 * ledger by the finance bureau's identity, and every step shows in its status; retries and conflicts
 * are answered from what is stored; a ledger outage and a service restart lose and repeat nothing; when
 * the ledger already holds a bill, the ledger decides: the adapter's own lost submission is adopted, a
 * real conflict fails; a graceful stop gives its leases back before the database closes, and after a
 * kill -9 the restarted adapter takes its in-flight bills back at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
abstract class BillFlowTests {
    static final String HOSPITAL = DevelopmentConsortiumPlan.hospitals().get(0);
    static final String GM_HOSPITAL = DevelopmentConsortiumPlan.hospitals().get(1);
    /** Served by the adapter, never registered on the ledger. */
    static final String UNREGISTERED = SampleBills.uscc(7001);
    /** Served by the adapter, qualified only from {@link #lateQualifiedFrom}. */
    static final String LATE_QUALIFIED = SampleBills.uscc(7002);
    /** Served by the adapter, registered to the issuer's organisation, not the hospitals'. */
    static final String ELSEWHERE = SampleBills.uscc(7003);

    static final Duration PATIENCE = Duration.ofSeconds(60);

    Path dir;
    DevelopmentLedger ledger;
    TestClients clients;
    /** The hospital's HIS, registered for every submitter the adapter serves. */
    TestClients.Client his;
    /** A HIS registered for the first hospital only. */
    TestClients.Client otherHis;

    TestClients.Client operator;
    /** Registered, then revoked by its CA while the adapter runs. */
    TestClients.Client revoked;
    /** Registered with a certificate that expires while the adapter runs. */
    TestClients.Client expiring;

    Instant expiringUntil;
    CallbackReceiver callbacks;
    RunningAdapter adapter;
    Instant lateQualifiedFrom;

    /** Spring datasource properties of a fresh database; {@code dir} is this class's temporary folder. */
    abstract Map<String, String> database(Path dir) throws Exception;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("his-flow");
        ledger = DevelopmentLedger.start(dir.resolve("ledger"));
        clients = TestClients.create(dir.resolve("clients"));
        // Also for a submitter this adapter does not serve: the adapter's own list still decides.
        List<String> hisSubmitters = new ArrayList<>(submitters());
        hisSubmitters.add(SampleBills.uscc(99));
        his = clients.register("his", List.of("his"), hisSubmitters);
        otherHis = clients.register("other-his", List.of("his"), List.of(GM_HOSPITAL));
        operator = clients.register("operator", List.of("operator"), List.of());
        revoked = clients.register("revoked-his", List.of("his"), List.of(HOSPITAL));
        expiringUntil = Instant.now().plusSeconds(20);
        expiring = clients.register("expiring-his", List.of("his"), List.of(HOSPITAL), expiringUntil);
        var hospital1 = ledger.identity(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1")
                .certificate();
        callbacks = new CallbackReceiver(hospital1, io.fapiao.protocol.crypto.CryptoSuite.INTL.fingerprint(hospital1));
        FapiaoLedger financeAdmin = ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "Admin");
        lateQualifiedFrom = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        financeAdmin.registerSubmitter(
                LATE_QUALIFIED,
                "Late Clinic",
                DevelopmentConsortiumPlan.HOSPITAL_MSP,
                lateQualifiedFrom,
                lateQualifiedFrom.plus(Duration.ofDays(365)));
        financeAdmin.registerSubmitter(
                ELSEWHERE,
                "Elsewhere Clinic",
                DevelopmentConsortiumPlan.ISSUER_MSP,
                lateQualifiedFrom.minus(Duration.ofDays(1)),
                lateQualifiedFrom.plus(Duration.ofDays(365)));
        adapter = RunningAdapter.start(properties(dir.resolve("his"), database(dir.resolve("db"))), his.http());
    }

    @AfterAll
    void stop() throws Exception {
        if (adapter != null) {
            adapter.close();
        }
        if (ledger != null) {
            ledger.close();
        }
        if (callbacks != null) {
            callbacks.close();
        }
    }

    Map<String, String> properties(Path dataDir, Map<String, String> database) throws Exception {
        Map<String, String> p =
                new LinkedHashMap<>(ledger.serviceProperties(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1"));
        p.putAll(database);
        p.put("fapiao.data-dir", dataDir.toString());
        p.put("fapiao.ledger.retry-attempts", "2");
        p.put(
                "fapiao.his.recipients.intl",
                signCertificate(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1") + ","
                        + signCertificate(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1"));
        GmMaterial gm = ledger.gm();
        p.put(
                "fapiao.his.recipients.gm",
                gm.financeDirectory().resolve("cert.pem") + ","
                        + gm.issuerDirectory().resolve("cert.pem"));
        p.put("fapiao.his.gm-seals-dir", gm.directory().resolve("seal").toString());
        p.put("fapiao.his.suites." + GM_HOSPITAL, "GM");
        p.put("fapiao.his.poll-interval", "100ms");
        p.put("fapiao.his.initial-backoff", "100ms");
        p.put("fapiao.his.max-backoff", "1s");
        p.put("fapiao.his.callback-url", callbacks.url().toString());
        p.put("fapiao.his.submitters", String.join(",", submitters()));
        p.putAll(clients.properties());
        return p;
    }

    static List<String> submitters() {
        List<String> submitters = new ArrayList<>(DevelopmentConsortiumPlan.SUBMITTERS.keySet());
        submitters.addAll(List.of(UNREGISTERED, LATE_QUALIFIED, ELSEWHERE));
        return submitters;
    }

    private Path signCertificate(String mspId, String user) throws Exception {
        try (var files = Files.list(ledger.mspDirectory(mspId, user).resolve("signcerts"))) {
            return files.findFirst().orElseThrow();
        }
    }

    /**
     * A fresh outpatient bill issued now (openers check the signer's certificate at the issue time), under
     * its issuer's registered name (the adapter refuses any other).
     */
    static Bill bill(String uscc) {
        Bill sample = SampleBills.outpatient(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), uscc);
        return DevelopmentConsortiumPlan.asRegistered(issuedAt(sample, OffsetDateTime.now(ZoneOffset.ofHours(8))));
    }

    /** {@code b} issued at {@code time} instead. */
    static Bill issuedAt(Bill b, OffsetDateTime time) {
        return b.reissued(b.billId(), time);
    }

    /** {@code b} under {@code issuerName}. */
    static Bill named(Bill b, String issuerName) {
        return new Bill(
                b.billCode(),
                b.billId(),
                b.issuerId(),
                issuerName,
                b.issuedAt(),
                b.payer(),
                b.items(),
                b.total(),
                b.insurance(),
                b.payeeClerk(),
                b.remarks());
    }

    static byte[] json(Bill bill) {
        return CanonicalJson.encode(bill);
    }

    static String key(Bill bill) {
        return bill.issuerId() + ":" + bill.billId();
    }

    static Bill withRemarks(Bill b, String remarks) {
        return new Bill(
                b.billCode(),
                b.billId(),
                b.issuerId(),
                b.issuerName(),
                b.issuedAt(),
                b.payer(),
                b.items(),
                b.total(),
                b.insurance(),
                b.payeeClerk(),
                remarks);
    }

    Answer awaitStatus(RunningAdapter on, String billKey, String status) {
        return awaitStatus(on::status, billKey, status, PATIENCE);
    }

    Answer awaitStatus(StatusSource on, String billKey, String status, Duration patience) {
        Answer[] last = new Answer[1];
        await().atMost(patience).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            last[0] = on.status(billKey);
            assertThat(last[0].text("status")).isEqualTo(status);
        });
        return last[0];
    }

    /** Where a bill's status is asked: an adapter in this JVM or in a process of its own. */
    interface StatusSource {
        Answer status(String billKey) throws Exception;
    }

    static List<String> statuses(Answer answer) {
        List<String> statuses = new ArrayList<>();
        answer.body()
                .get("transitions")
                .forEach(t -> statuses.add(t.get("status").asString()));
        return statuses;
    }

    static JsonNode transition(Answer answer, String status) {
        for (JsonNode t : answer.body().get("transitions")) {
            if (t.get("status").asString().equals(status)) {
                return t;
            }
        }
        throw new AssertionError("no " + status + " transition in " + answer.body());
    }

    void recordVerdict(String billKey, String verdict, List<String> reasons) throws Exception {
        FapiaoLedger finance = ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        Identity verifier = ledger.identity(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        BillKey key = BillKey.parse(billKey);
        StoredBill stored = finance.bill(key);
        byte[] signature = new VerdictStatement(billKey, stored.bill().headerDigest(), verdict, reasons)
                .sign(Signer.of(verifier.privateKey(), verifier.certificate()));
        finance.recordVerification(key, verdict, reasons, signature);
    }

    @Test
    void aHisClientSubmitsAndReadsOnlyForTheSubmittersItIsRegisteredFor() throws Exception {
        Bill bill = bill(HOSPITAL);
        AdapterApi other = adapter.as(otherHis.http());
        // Registered for the GM hospital only: the adapter would sign with the hospital's key for someone else.
        Answer refused = other.post(json(bill), UUID.randomUUID().toString());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("code")).isEqualTo("SUBMITTER_NOT_ALLOWED");
        assertThat(adapter.status(key(bill)).status())
                .as("nothing was received")
                .isEqualTo(404);

        assertThat(adapter.post(json(bill), UUID.randomUUID().toString()).status())
                .isEqualTo(202);
        assertThat(adapter.status(key(bill)).status()).isEqualTo(200);
        // Another hospital's bill is answered as one never received, not as forbidden.
        Answer hidden = other.status(key(bill));
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.text("code")).isEqualTo("NOT_FOUND");
        Bill own = bill(GM_HOSPITAL);
        assertThat(other.post(json(own), UUID.randomUUID().toString()).status()).isEqualTo(202);
        assertThat(other.status(key(own)).status()).isEqualTo(200);

        // The operator reconciles; it does not submit. Nobody unregistered does anything.
        Answer operatorPost = adapter.as(operator.http())
                .post(json(bill(HOSPITAL)), UUID.randomUUID().toString());
        assertThat(operatorPost.status()).isEqualTo(403);
        assertThat(operatorPost.text("code")).isEqualTo("ROLE_REQUIRED");
        Answer stranger = adapter.as(clients.unregistered("stranger").http()).status(key(bill));
        assertThat(stranger.status()).isEqualTo(401);
        assertThat(stranger.text("code")).isEqualTo("UNKNOWN_KEY");
    }

    @Test
    void aClientWhoseCertificateIsRevokedOrExpiresAfterItsRegistrationIsRefusedFromThenOn() throws Exception {
        String unknown = HOSPITAL + ":NEVER-SENT";
        assertThat(adapter.as(revoked.http()).status(unknown).status())
                .as("authenticated")
                .isEqualTo(404);
        clients.revoke(revoked);
        Answer refused = adapter.as(revoked.http()).status(unknown);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("code")).isEqualTo("CERTIFICATE_REVOKED");

        await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(expiringUntil));
        Answer expired = adapter.as(expiring.http()).status(unknown);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.text("code")).isEqualTo("CERTIFICATE_EXPIRED");
        assertThat(adapter.status(unknown).status())
                .as("the others are unaffected")
                .isEqualTo(404);
    }

    @Test
    void anIntlBillIsSealedSubmittedAndFollowedToVerified(CapturedOutput output) throws Exception {
        Bill bill = bill(HOSPITAL);
        Answer accepted = adapter.post(json(bill), UUID.randomUUID().toString());
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.text("billKey")).isEqualTo(key(bill));
        assertThat(accepted.text("status")).isEqualTo("RECEIVED");
        assertThat(accepted.location()).endsWith("/v1/bills/" + key(bill));
        assertThat(accepted.text("statusUrl")).isEqualTo(accepted.location());

        Answer submitted = awaitStatus(adapter, key(bill), "SUBMITTED");
        JsonNode step = transition(submitted, "SUBMITTED");
        FapiaoLedger finance = ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        StoredBill stored = finance.bill(BillKey.parse(key(bill)));
        assertThat(stored.bill().state()).isEqualTo(BillState.SUBMITTED);
        assertThat(stored.bill().suite()).isEqualTo("INTL");
        assertThat(step.get("transactionId").asString())
                .isEqualTo(stored.bill().submitted().txId());
        // The finance bureau, a recipient, opens exactly the bill that was posted, signed by hospital1.
        Identity verifier = ledger.identity(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        OpenedBill opened = BillOpener.trusting(
                        CertificateTrust.of(List.of(caOf(DevelopmentConsortiumPlan.HOSPITAL_MSP))))
                .open(stored.envelope(), RecipientKey.of(verifier.privateKey(), verifier.certificate()));
        assertThat(opened.bill()).isEqualTo(bill);
        assertThat(opened.signer())
                .isEqualTo(ledger.identity(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1")
                        .certificate());

        recordVerdict(key(bill), "ACCEPTED", List.of());
        Answer verified = awaitStatus(adapter, key(bill), "VERIFIED");
        assertThat(statuses(verified)).containsExactly("RECEIVED", "QUEUED", "SUBMITTED", "VERIFIED");
        BillRecord onLedger = finance.bill(BillKey.parse(key(bill))).bill();
        JsonNode verdict = transition(verified, "VERIFIED");
        assertThat(verdict.get("transactionId").asString())
                .isEqualTo(onLedger.verification().txId());
        assertThat(verdict.get("blockNumber").asLong()).isPositive();
        assertThat(verdict.get("at").asString())
                .isEqualTo(onLedger.verification().at());
        assertThat(transition(verified, "SUBMITTED").get("blockNumber").asLong())
                .isPositive();
        // At least one attempt: a test before this one may have left the channel reconnecting to the node.
        assertThat(verified.body().get("attempts").asInt()).isPositive();
        assertThat(verified.text("lastError")).isNull();

        // The HIS heard of every step, in order, each signed by hospital1; the first try was refused with 500.
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(callbacks.accepted(key(bill))).hasSize(4));
        List<JsonNode> heard = callbacks.accepted(key(bill));
        assertThat(heard).extracting(n -> n.get("sequence").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(heard)
                .extracting(n -> n.get("status").asString())
                .containsExactly("RECEIVED", "QUEUED", "SUBMITTED", "VERIFIED");
        assertThat(heard.get(3).get("transactionId").asString())
                .isEqualTo(onLedger.verification().txId());
        assertThat(callbacks.answered500()).contains(key(bill) + "#1");
        assertThat(callbacks.refused()).isEmpty();

        // Keys and bill contents never reach the log.
        assertThat(output.getAll())
                .contains(key(bill))
                .doesNotContain(bill.payer().name())
                .doesNotContain(bill.payer().idNumber())
                .doesNotContain("PRIVATE KEY");
    }

    @Test
    void aGmBillIsSealedWithTheSubmittersSealAndARejectionKeepsItsReasons() throws Exception {
        Bill bill = bill(GM_HOSPITAL);
        assertThat(adapter.post(json(bill), UUID.randomUUID().toString()).status())
                .isEqualTo(202);
        awaitStatus(adapter, key(bill), "SUBMITTED");
        StoredBill stored = ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1")
                .bill(BillKey.parse(key(bill)));
        assertThat(stored.bill().suite()).isEqualTo("GM");
        Identity finance = IdentityFolder.read(ledger.gm().financeDirectory());
        var gmCa = io.fapiao.protocol.crypto.Pem.certificate(
                Files.readString(ledger.gm().caCertificate()));
        OpenedBill opened = BillOpener.trusting(CertificateTrust.of(List.of(gmCa)))
                .open(stored.envelope(), RecipientKey.of(finance.privateKey(), finance.certificate()));
        assertThat(opened.bill()).isEqualTo(bill);
        assertThat(opened.signer()).isEqualTo(ledger.gm().seal(GM_HOSPITAL).certificate());

        recordVerdict(key(bill), "REJECTED", List.of("DUPLICATE_SUSPECTED", "TOTAL_MISMATCH"));
        Answer rejected = awaitStatus(adapter, key(bill), "REJECTED");
        assertThat(transition(rejected, "REJECTED").get("reasonCodes").values().stream()
                        .map(JsonNode::asString))
                .containsExactly("DUPLICATE_SUSPECTED", "TOTAL_MISMATCH");
    }

    @Test
    void anIssuedBillFollowsItsInvoiceToClaimedOrReversed() throws Exception {
        Bill claimed = bill(HOSPITAL);
        Bill reversed = bill(HOSPITAL);
        FapiaoLedger issuer = ledger.client(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1");
        Identity issuerKey = ledger.identity(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1");
        Signer issuerSigner = Signer.of(issuerKey.privateKey(), issuerKey.certificate());
        String billCode = ThreadLocalRandom.current().nextInt(900_000, 999_999) + "26";
        io.fapiao.protocol.ledger.NumberRange range =
                issuer.reserveBillCodeRange("his-it", billCode, 3).value();
        String hash = "ab".repeat(32);
        List<String> numbers = List.of(
                range.first(),
                io.fapiao.protocol.ledger.InvoiceNumber.parse("first", range.first())
                        .withSequence(range.start() + 1)
                        .toString(),
                range.last());
        for (int i = 0; i < 2; i++) {
            Bill bill = i == 0 ? claimed : reversed;
            assertThat(adapter.post(json(bill), UUID.randomUUID().toString()).status())
                    .isEqualTo(202);
            awaitStatus(adapter, key(bill), "SUBMITTED");
            recordVerdict(key(bill), "ACCEPTED", List.of());
            awaitStatus(adapter, key(bill), "VERIFIED");
            String headerDigest = issuer.bill(BillKey.parse(key(bill))).bill().headerDigest();
            String checkCodeDigest = checkCodeDigest(numbers.get(i));
            issuer.issueInvoice(
                    BillKey.parse(key(bill)),
                    numbers.get(i),
                    checkCodeDigest,
                    hash,
                    new io.fapiao.protocol.statement.IssuanceStatement(
                                    key(bill), headerDigest, numbers.get(i), checkCodeDigest, hash)
                            .sign(issuerSigner));
            Answer issued = awaitStatus(adapter, key(bill), "ISSUED");
            assertThat(transition(issued, "ISSUED").get("invoiceNumber").asString())
                    .isEqualTo(numbers.get(i));
            assertThat(issued.text("invoiceNumber")).isEqualTo(numbers.get(i));
        }

        ledger.client(DevelopmentConsortiumPlan.ISSUER_MSP, "claimant1")
                .claimInvoice(numbers.get(0), "POLICY-7", "reimbursement");
        Answer wasClaimed = awaitStatus(adapter, key(claimed), "CLAIMED");
        assertThat(statuses(wasClaimed))
                .containsExactly("RECEIVED", "QUEUED", "SUBMITTED", "VERIFIED", "ISSUED", "CLAIMED");

        issuer.reverseInvoice(
                numbers.get(1),
                "WRONG_AMOUNT",
                numbers.get(2),
                hash,
                new io.fapiao.protocol.statement.ReversalStatement(numbers.get(1), "WRONG_AMOUNT", numbers.get(2), hash)
                        .sign(issuerSigner));
        Answer wasReversed = awaitStatus(adapter, key(reversed), "REVERSED");
        JsonNode reversal = transition(wasReversed, "REVERSED");
        assertThat(reversal.get("invoiceNumber").asString()).isEqualTo(numbers.get(1));
        assertThat(reversal.get("redInvoiceNumber").asString()).isEqualTo(numbers.get(2));
        assertThat(reversal.get("reasonCodes").get(0).asString()).isEqualTo("WRONG_AMOUNT");
    }

    @Test
    void retriesAreAnsweredFromWhatIsStoredAndConflictsAreRefused() throws Exception {
        Bill bill = bill(HOSPITAL);
        String idempotencyKey = UUID.randomUUID().toString();
        Answer first = adapter.post(json(bill), idempotencyKey);
        Answer again = adapter.post(json(bill), idempotencyKey);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.text("billKey")).isEqualTo(first.text("billKey"));
        assertThat(again.location()).isEqualTo(first.location());

        Answer otherKeySameBill = adapter.post(json(bill), UUID.randomUUID().toString());
        assertThat(otherKeySameBill.status()).isEqualTo(202);
        assertThat(otherKeySameBill.text("billKey")).isEqualTo(key(bill));

        Answer reused = adapter.post(json(bill(HOSPITAL)), idempotencyKey);
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.text("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(reused.text("billKey")).isEqualTo(key(bill));

        Answer conflict = adapter.post(
                json(withRemarks(bill, "changed after sending")),
                UUID.randomUUID().toString());
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.text("code")).isEqualTo("BILL_CONFLICT");

        Answer noKey = adapter.post(json(bill(HOSPITAL)), null);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.text("code")).isEqualTo("IDEMPOTENCY_KEY_REQUIRED");

        Answer done = awaitStatus(adapter, key(bill), "SUBMITTED");
        assertThat(statuses(done)).containsExactly("RECEIVED", "QUEUED", "SUBMITTED");
    }

    @Test
    void invalidBillsAreRefusedWithEveryViolation() throws Exception {
        Bill good = bill(HOSPITAL);
        Bill broken = new Bill(
                "12",
                good.billId(),
                good.issuerId(),
                good.issuerName(),
                good.issuedAt(),
                good.payer(),
                good.items(),
                good.total() + 1,
                good.insurance(),
                good.payeeClerk(),
                good.remarks());
        Answer invalid = adapter.post(json(broken), UUID.randomUUID().toString());
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        assertThat(invalid.text("code")).isEqualTo("INVALID_BILL");
        List<String> paths = new ArrayList<>();
        invalid.body()
                .get("violations")
                .forEach(v ->
                        paths.add(v.get("path").asString() + " " + v.get("code").asString()));
        assertThat(paths).contains("billCode BAD_FORMAT", "total TOTAL_MISMATCH");

        Answer malformed = adapter.post(
                "{\"billCode\":".getBytes(StandardCharsets.UTF_8),
                UUID.randomUUID().toString());
        assertThat(malformed.status()).isEqualTo(422);
        assertThat(malformed.text("code")).isEqualTo("MALFORMED");

        Answer stranger =
                adapter.post(json(bill(SampleBills.uscc(99))), UUID.randomUUID().toString());
        assertThat(stranger.status()).isEqualTo(422);
        assertThat(stranger.text("code")).isEqualTo("UNKNOWN_SUBMITTER");

        Answer unknown = adapter.status(HOSPITAL + ":NEVER-SENT");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("code")).isEqualTo("NOT_FOUND");
        assertThat(adapter.status(key(good)).status()).isEqualTo(404);

        // A 100 KB bill id is not quoted back whole.
        Answer longId = adapter.status(HOSPITAL + ":" + "B".repeat(100_000));
        assertThat(longId.status()).isBetween(400, 499);
        assertThat(longId.text("code")).isNotBlank();
        assertThat(longId.body().toString()).hasSizeLessThan(2_000);
    }

    @Test
    void whatTheContainerRefusesItselfIsProblemJsonWithACodeToo() throws Exception {
        // Requests no HTTP client library sends: an invalid escape, a character not allowed in a path, a huge header.
        for (String request : List.of(
                "GET /v1/bills/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /v1/bills/a{b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /v1/bills/x HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                        + "\r\nConnection: close\r\n\r\n")) {
            String answer = raw(request);
            String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n")));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertThat(head)
                    .as(request.substring(0, 30))
                    .containsPattern("^HTTP/1.1 4[0-9][0-9]")
                    .containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(body)
                    .as(request.substring(0, 30))
                    .contains("\"code\":\"")
                    .doesNotContain("<html");
        }
    }

    @Test
    void aBodyPastTheLimitIsRefusedAsItArrivesAndTheAdapterStaysHealthy() throws Exception {
        // Declared: refused from the headers alone, before the 100 MB would be sent.
        String declared = raw("POST /v1/bills HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Idempotency-Key: k1\r\nContent-Length: 104857600\r\nConnection: close\r\n\r\n");
        assertThat(declared).startsWith("HTTP/1.1 413").contains("\"code\":\"TOO_LARGE\"");

        // Undeclared (chunked), from a registered client: read until it passes 1 MiB, then refused.
        String chunk = "[" + "1,".repeat(32 * 1024 - 1) + "1]";
        byte[] whole = chunk.repeat(24).getBytes(StandardCharsets.US_ASCII);
        Map<String, String> signed = his.http()
                .signedHeaders(
                        "POST",
                        URI.create("http://localhost:" + adapter.port() + "/v1/bills"),
                        Map.of("Content-Type", "application/json", "Idempotency-Key", "k2"),
                        whole);
        StringBuilder chunked = new StringBuilder("POST /v1/bills HTTP/1.1\r\nHost: localhost:" + adapter.port()
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n");
        signed.forEach(
                (name, value) -> chunked.append(name).append(": ").append(value).append("\r\n"));
        chunked.append("\r\n");
        for (int i = 0; i < 24; i++) {
            chunked.append(Integer.toHexString(chunk.length()))
                    .append("\r\n")
                    .append(chunk)
                    .append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        String undeclared = raw(chunked.toString());
        assertThat(undeclared).startsWith("HTTP/1.1 413").contains("\"code\":\"TOO_LARGE\"");
        // The same without a signature: refused before a byte of it is buffered.
        String anonymous =
                raw(chunked.toString().replaceAll("(?m)^(Signature|Signature-Input|Content-Digest): .*\r\n", ""));
        assertThat(anonymous).startsWith("HTTP/1.1 401").contains("\"code\":\"SIGNATURE_MISSING\"");

        // A 400,000-deep array, under the byte limit: malformed, not a stack overflow.
        Answer deep = adapter.post(
                ("[".repeat(400_000) + "]".repeat(400_000)).getBytes(StandardCharsets.US_ASCII),
                UUID.randomUUID().toString());
        assertThat(deep.status()).isEqualTo(422);
        assertThat(deep.text("code")).isEqualTo("MALFORMED");

        Answer alive = adapter.post(json(bill(HOSPITAL)), UUID.randomUUID().toString());
        assertThat(alive.status()).isEqualTo(202);
    }

    private String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", adapter.port())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void billsTheLedgerOrTheVerifierWouldRefuseAreRefusedAtTheDoorAndNotStored() throws Exception {
        RegisteredSubmitters registry = adapter.context().getBean(RegisteredSubmitters.class);
        await().atMost(PATIENCE)
                .until(() -> List.of(HOSPITAL, UNREGISTERED, LATE_QUALIFIED, ELSEWHERE).stream()
                        .allMatch(uscc -> registry.history(uscc).isPresent()));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        Instant certificateFrom = ledger.identity(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1")
                .certificate()
                .getNotBefore()
                .toInstant();
        record Doomed(String code, Bill bill, String hint) {}
        List<Doomed> doomed = List.of(
                new Doomed(
                        "ISSUED_IN_FUTURE",
                        issuedAt(bill(HOSPITAL), OffsetDateTime.parse("2099-01-01T09:30:00+08:00")),
                        "clock skew"),
                new Doomed(
                        "ISSUED_IN_FUTURE",
                        issuedAt(bill(HOSPITAL), now.plusMinutes(6)),
                        "fapiao.his.intake.clock-skew"),
                new Doomed(
                        "ISSUED_OUTSIDE_CERTIFICATE_VALIDITY",
                        issuedAt(
                                bill(HOSPITAL),
                                certificateFrom.minus(Duration.ofHours(1)).atOffset(ZoneOffset.ofHours(8))),
                        "issue the bill again"),
                new Doomed("NOT_QUALIFIED", bill(UNREGISTERED), "not in the submitter registry"),
                new Doomed(
                        "NOT_QUALIFIED",
                        issuedAt(
                                named(bill(LATE_QUALIFIED), "Late Clinic"),
                                lateQualifiedFrom.minusSeconds(20).atOffset(ZoneOffset.ofHours(8))),
                        "the bill's issue time"),
                new Doomed("NOT_AUTHORIZED", bill(ELSEWHERE), DevelopmentConsortiumPlan.ISSUER_MSP),
                new Doomed(
                        "ISSUER_NAME_MISMATCH",
                        named(bill(HOSPITAL), "Another Name Hospital"),
                        DevelopmentConsortiumPlan.SUBMITTERS.get(HOSPITAL)));
        for (Doomed d : doomed) {
            Answer refused = adapter.post(json(d.bill()), UUID.randomUUID().toString());
            assertThat(refused.status()).as(d.code() + " " + refused.body()).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.text("code")).as(refused.body().toString()).isEqualTo(d.code());
            assertThat(refused.text("detail")).contains(d.hint());
            assertThat(refused.text("billId")).isEqualTo(d.bill().billId());
            // Nothing stored: no status, and no callback was queued for it.
            assertThat(adapter.status(key(d.bill())).status()).isEqualTo(404);
        }
        assertThat(doomed)
                .allSatisfy(d -> assertThat(callbacks.accepted(key(d.bill()))).isEmpty());

        // The future-dated bill corrected and sent again under the same id is a new bill, not a conflict.
        Bill corrected = issuedAt(doomed.get(0).bill(), now);
        Answer accepted = adapter.post(json(corrected), UUID.randomUUID().toString());
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        assertThat(accepted.text("status")).isEqualTo("RECEIVED");
        // A HIS clock a little fast is tolerated.
        assertThat(adapter.post(
                                json(issuedAt(bill(HOSPITAL), now.plusMinutes(2))),
                                UUID.randomUUID().toString())
                        .status())
                .isEqualTo(202);
    }

    @Test
    void aBillAcceptedWhileTheLedgerIsDownIsSubmittedWhenItReturns() throws Exception {
        Bill bill = bill(HOSPITAL);
        ledger.stop();
        try {
            Answer accepted = adapter.post(json(bill), UUID.randomUUID().toString());
            assertThat(accepted.status()).isEqualTo(202);
            await().atMost(PATIENCE).untilAsserted(() -> {
                Answer queued = adapter.status(key(bill));
                assertThat(queued.text("status")).isEqualTo("QUEUED");
                assertThat(queued.body().get("attempts").asInt()).isGreaterThanOrEqualTo(1);
                assertThat(queued.text("lastError")).isEqualTo("LEDGER_UNAVAILABLE");
            });
        } finally {
            ledger.restart();
        }
        Answer submitted = awaitStatus(adapter, key(bill), "SUBMITTED");
        assertThat(statuses(submitted)).containsExactly("RECEIVED", "QUEUED", "SUBMITTED");
        assertThat(submitted.body().get("attempts").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void billsLeftInTheOutboxAtShutdownAreSubmittedOnceAfterRestart() throws Exception {
        Path data = dir.resolve("restart-" + UUID.randomUUID());
        Map<String, String> properties = properties(data, database(data.resolve("db")));
        List<Bill> bills = List.of(bill(HOSPITAL), bill(GM_HOSPITAL), bill(DevelopmentConsortiumPlan.enterprise()));
        ledger.stop();
        try (RunningAdapter first = RunningAdapter.start(properties, his.http())) {
            for (Bill bill : bills) {
                assertThat(first.post(json(bill), UUID.randomUUID().toString()).status())
                        .isEqualTo(202);
            }
            for (Bill bill : bills) {
                awaitStatus(first, key(bill), "QUEUED");
            }
        } finally {
            ledger.restart();
        }
        try (RunningAdapter second = RunningAdapter.start(properties, his.http())) {
            FapiaoLedger auditor = ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
            for (Bill bill : bills) {
                Answer submitted = awaitStatus(second, key(bill), "SUBMITTED");
                assertThat(statuses(submitted)).containsExactly("RECEIVED", "QUEUED", "SUBMITTED");
                // One SubmitBill on the ledger: the bill key's history has exactly one version.
                assertThat(auditor.history("bill:" + key(bill)).versions()).hasSize(1);
            }
        }
    }

    // ---- upgrading a database of the first release ----

    @Test
    void pendingWorkInADatabaseOfTheFirstReleaseIsDeliveredAfterTheUpgrade() throws Exception {
        AdapterHome home = newHome("upgrade");
        Map<String, String> db = home.database();
        Map<String, String> properties = home.properties();
        Path data = home.data();
        properties.put("fapiao.instance-id", "upgraded");
        JdbcTemplate jdbc = jdbc(db);
        // The schema as the first release left it: the same migration files, run up to its last version (V10);
        // they never change (Flyway checks their checksums, MigrationHistoryTest pins them).
        flyway(jdbc, "10").migrate();
        assertThat(tables(jdbc))
                .contains("his_submission_outbox", "his_callback_outbox")
                .doesNotContain("work_item");

        // What the first release's intake left: three bills received, none submitted yet.
        BillVault vault = BillVault.openOrCreate(data.resolve("bill-data.key"));
        Bill due = bill(HOSPITAL);
        Bill failedBefore = bill(HOSPITAL);
        Bill heldByTheDeadProcess = bill(GM_HOSPITAL);
        for (Bill bill : List.of(due, failedBefore, heldByTheDeadProcess)) {
            receivedByTheFirstRelease(jdbc, vault, bill);
        }
        // The first release had tried one twice, and delivered another's first notification already.
        jdbc.update(
                "update his_bill set attempts = 2, last_error = 'LEDGER_UNAVAILABLE' where bill_key = ?",
                key(failedBefore));
        jdbc.update(
                "update his_submission_outbox set next_attempt_at = ? where bill_key = ?",
                System.currentTimeMillis() + 500,
                key(failedBefore));
        jdbc.update(
                "update his_callback_outbox set attempts = 3, last_error = 'HTTP 503' where bill_key = ?",
                key(failedBefore));
        jdbc.update(
                "update his_callback_outbox set delivered_at = 'earlier', attempts = 1 where bill_key = ?", key(due));
        // And was killed holding the third for another ten minutes, under the id this adapter restarts with.
        long leaseEnds = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        jdbc.update(
                "update his_submission_outbox set lease_owner = 'submission@upgraded', lease_until = ? "
                        + "where bill_key = ?",
                leaseEnds,
                key(heldByTheDeadProcess));

        // The upgrade, as the new adapter runs it on start; here by hand, to look at the rows it leaves.
        flyway(jdbc, "latest").migrate();
        assertThat(tables(jdbc)).contains("work_item", "his_callback_outbox").doesNotContain("his_submission_outbox");
        Map<String, Map<String, Object>> items = new LinkedHashMap<>();
        jdbc.queryForList("select queue, item_key, attempts, last_error, lease_owner, lease_until from work_item")
                .forEach(row -> items.put(row.get("queue") + " " + row.get("item_key"), row));
        assertThat(items)
                .containsOnlyKeys(
                        "submission " + key(due),
                        "submission " + key(failedBefore),
                        "submission " + key(heldByTheDeadProcess),
                        "callback " + key(failedBefore),
                        "callback " + key(heldByTheDeadProcess));
        assertThat(items.get("submission " + key(failedBefore)))
                .containsEntry("attempts", 2)
                .containsEntry("last_error", "LEDGER_UNAVAILABLE");
        assertThat(items.get("submission " + key(heldByTheDeadProcess)))
                .containsEntry("lease_owner", "submission@upgraded");
        assertThat(((Number) items.get("submission " + key(heldByTheDeadProcess))
                                .get("lease_until"))
                        .longValue())
                .isEqualTo(leaseEnds);
        assertThat(items.get("callback " + key(failedBefore)))
                .containsEntry("attempts", 3)
                .containsEntry("last_error", "HTTP 503");
        // Claimable by the new code: the submission queue gives out the two bills nobody holds.
        io.fapiao.service.work.WorkQueue submissions =
                new io.fapiao.service.work.WorkQueue(jdbc, "submission", Duration.ofMinutes(5));
        java.util.Set<String> claimable = new java.util.HashSet<>();
        await().atMost(PATIENCE).until(() -> {
            submissions.claim("look").ifPresent(item -> claimable.add(item.key()));
            return claimable.size() == 2;
        });
        assertThat(claimable).containsExactlyInAnyOrder(key(due), key(failedBefore));
        assertThat(submissions.claim("look"))
                .as("the dead process's lease holds")
                .isEmpty();
        submissions.release("look");

        // The new adapter on the upgraded database: everything pending is submitted and notified, in order, and
        // the bill the dead process held is taken back at once, not when its lease ends.
        try (RunningAdapter upgraded = RunningAdapter.start(properties, his.http())) {
            for (Bill bill : List.of(due, failedBefore, heldByTheDeadProcess)) {
                Answer submitted = awaitStatus(upgraded, key(bill), "SUBMITTED");
                assertThat(statuses(submitted)).containsExactly("RECEIVED", "QUEUED", "SUBMITTED");
            }
            assertThat(upgraded.status(key(failedBefore)).body().get("attempts").asInt())
                    .isGreaterThanOrEqualTo(3);
            long submittedAt = Instant.parse(transition(upgraded.status(key(heldByTheDeadProcess)), "SUBMITTED")
                            .get("at")
                            .asString())
                    .toEpochMilli();
            assertThat(submittedAt).isLessThan(leaseEnds);
            await().atMost(PATIENCE).untilAsserted(() -> {
                // The first notification delivered before the upgrade is not sent again.
                assertThat(callbacks.accepted(key(due)))
                        .extracting(n -> n.get("sequence").asInt())
                        .containsExactly(2, 3);
                for (Bill bill : List.of(failedBefore, heldByTheDeadProcess)) {
                    assertThat(callbacks.accepted(key(bill)))
                            .extracting(n -> n.get("status").asString())
                            .containsExactly("RECEIVED", "QUEUED", "SUBMITTED");
                }
            });
            await().atMost(PATIENCE)
                    .until(() -> jdbc.queryForObject("select count(*) from work_item", Integer.class) == 0);
        }
    }

    /** A bill as the first release's intake stored it: the bill, its first transition, notification and outbox row. */
    private static void receivedByTheFirstRelease(JdbcTemplate jdbc, BillVault vault, Bill bill) throws Exception {
        byte[] canonical = json(bill);
        String now = Instant.now().toString();
        jdbc.update(
                "insert into his_bill (bill_key, uscc, bill_id, content_digest, bill_json, suite, received_at, "
                        + "status, status_at, attempts, next_seq) values (?, ?, ?, ?, ?, ?, ?, 'RECEIVED', ?, 0, 2)",
                key(bill),
                bill.issuerId(),
                bill.billId(),
                java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(canonical)),
                vault.seal(key(bill), canonical),
                bill.issuerId().equals(GM_HOSPITAL) ? "GM" : "INTL",
                now,
                now);
        jdbc.update(
                "insert into his_bill_transition (bill_key, seq, status, at) values (?, 1, 'RECEIVED', ?)",
                key(bill),
                now);
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("at", now);
        notification.put("billKey", key(bill));
        notification.put("sequence", 1);
        notification.put("status", "RECEIVED");
        jdbc.update(
                "insert into his_callback_outbox (bill_key, seq, body, next_attempt_at, attempts) "
                        + "values (?, 1, ?, ?, 0)",
                key(bill),
                CanonicalJson.encode(notification),
                System.currentTimeMillis());
        jdbc.update(
                "insert into his_submission_outbox (bill_key, next_attempt_at) values (?, ?)",
                key(bill),
                System.currentTimeMillis());
    }

    /** Flyway over the adapter's migrations, as the service configures it, up to {@code target}. */
    private static org.flywaydb.core.Flyway flyway(JdbcTemplate jdbc, String target) {
        return org.flywaydb.core.Flyway.configure()
                .dataSource(jdbc.getDataSource())
                .locations("classpath:db/migration/common", "classpath:db/migration/his-adapter")
                .target(target)
                .load();
    }

    private static List<String> tables(JdbcTemplate jdbc) throws Exception {
        try (java.sql.Connection connection = jdbc.getDataSource().getConnection();
                java.sql.ResultSet rs =
                        connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
            }
            return tables;
        }
    }

    // ---- the ledger decides ----

    @Test
    void billsTheLedgerTookBeforeTheirLocalRecordWasLostFollowTheLedgerInsteadOfFailing(CapturedOutput output)
            throws Exception {
        Path data = dir.resolve("lost-" + UUID.randomUUID());
        Map<String, String> db = database(data.resolve("db"));
        Map<String, String> properties = properties(data, db);
        Bill issued = bill(HOSPITAL);
        Bill rejected = bill(GM_HOSPITAL);
        Bill resealed = bill(HOSPITAL);
        String invoiceNumber;
        try (RunningAdapter first = RunningAdapter.start(properties, his.http())) {
            for (Bill bill : List.of(issued, rejected, resealed)) {
                assertThat(first.post(json(bill), UUID.randomUUID().toString()).status())
                        .isEqualTo(202);
            }
            for (Bill bill : List.of(issued, rejected, resealed)) {
                awaitStatus(first, key(bill), "SUBMITTED");
            }
            recordVerdict(key(issued), "ACCEPTED", List.of());
            recordVerdict(key(rejected), "REJECTED", List.of("TOTAL_MISMATCH"));
            awaitStatus(first, key(issued), "VERIFIED");
            invoiceNumber = issueInvoice(key(issued));
            awaitStatus(first, key(issued), "ISSUED");
            awaitStatus(first, key(rejected), "REJECTED");
        }
        JdbcTemplate jdbc = jdbc(db);
        // As if the database had lost every commit after the intake of two bills (the crash the issue saw: the
        // ledger committed, the local writes did not survive): received, not sealed, waiting in the outbox.
        for (Bill bill : List.of(issued, rejected)) {
            jdbc.update("delete from his_callback_outbox where bill_key = ? and seq > 1", key(bill));
            jdbc.update("delete from his_bill_transition where bill_key = ? and seq > 1", key(bill));
            jdbc.update(
                    "update his_bill set status = 'RECEIVED', status_at = received_at, sealed_bill = null, "
                            + "header_digest = null, attempts = 0, last_error = null, tx_id = null, block_number = null, "
                            + "invoice_number = null, next_seq = 2 where bill_key = ?",
                    key(bill));
            queueForSubmission(jdbc, key(bill));
        }
        // And the third as if it had been sealed a second time (a new envelope: fresh content keys) and the
        // BillSubmitted event, which matches the header only, had recorded it SUBMITTED.
        SealedBill secondSealing = BillSealer.seal(
                resealed, signer(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1"), intlRecipients());
        jdbc.update(
                "update his_bill set sealed_bill = ?, header_digest = ? where bill_key = ?",
                secondSealing.toJson(),
                secondSealing.header().headerDigest().base64Url(),
                key(resealed));
        queueForSubmission(jdbc, key(resealed));

        FapiaoLedger auditor = ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        try (RunningAdapter second = RunningAdapter.start(properties, his.http())) {
            // Sealed anew, refused as BILL_CONFLICT, recognised as its own, and brought up to the ledger's state.
            Answer nowIssued = awaitStatus(second, key(issued), "ISSUED");
            assertThat(statuses(nowIssued)).containsExactly("RECEIVED", "QUEUED", "SUBMITTED", "VERIFIED", "ISSUED");
            assertThat(nowIssued.text("invoiceNumber")).isEqualTo(invoiceNumber);
            assertThat(nowIssued.text("lastError")).isNull();
            BillRecord onLedger = auditor.bill(BillKey.parse(key(issued))).bill();
            assertThat(transition(nowIssued, "SUBMITTED").get("transactionId").asString())
                    .isEqualTo(onLedger.submitted().txId());
            assertThat(transition(nowIssued, "VERIFIED").get("transactionId").asString())
                    .isEqualTo(onLedger.verification().txId());
            assertThat(transition(nowIssued, "ISSUED").get("invoiceNumber").asString())
                    .isEqualTo(invoiceNumber);

            Answer nowRejected = awaitStatus(second, key(rejected), "REJECTED");
            assertThat(statuses(nowRejected)).containsExactly("RECEIVED", "QUEUED", "SUBMITTED", "REJECTED");
            assertThat(transition(nowRejected, "REJECTED")
                            .get("reasonCodes")
                            .get(0)
                            .asString())
                    .isEqualTo("TOTAL_MISMATCH");

            await().atMost(PATIENCE)
                    .until(() -> jdbc.queryForObject(
                                    "select count(*) from work_item where queue = 'submission'", Integer.class)
                            == 0);
            assertThat(statuses(second.status(key(resealed)))).containsExactly("RECEIVED", "QUEUED", "SUBMITTED");
            // Every bill keeps the envelope the ledger holds, never the one sealed again.
            for (Bill bill : List.of(issued, rejected, resealed)) {
                byte[] stored = jdbc.queryForObject(
                        "select sealed_bill from his_bill where bill_key = ?", byte[].class, key(bill));
                assertThat(stored)
                        .as(key(bill))
                        .isEqualTo(auditor.bill(BillKey.parse(key(bill)))
                                .envelope()
                                .toJson());
            }
            // The hospital is told the true state.
            await().atMost(PATIENCE).untilAsserted(() -> {
                List<JsonNode> heard = callbacks.accepted(key(issued));
                JsonNode last = heard.get(heard.size() - 1);
                assertThat(last.get("status").asString()).isEqualTo("ISSUED");
                assertThat(last.get("invoiceNumber").asString()).isEqualTo(invoiceNumber);
            });
        }
        assertThat(output.getAll())
                .contains("bill " + key(issued) + ": the ledger holds this adapter's own envelope")
                .contains("bill " + key(resealed) + ": the ledger holds this adapter's own envelope")
                .doesNotContain("refused bill " + key(issued));
    }

    @Test
    void aConflictWithOtherContentOrAnotherSignersBillStillFails() throws Exception {
        Bill otherContent = bill(HOSPITAL);
        Bill otherSigner = bill(HOSPITAL);
        // The same bill id with other content, sealed with this adapter's own key...
        ledger.client(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1")
                .submitBill(BillSealer.seal(
                        withRemarks(otherContent, "sent by another system"),
                        signer(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1"),
                        intlRecipients()));
        // ...and the very same bill, sealed and submitted by another identity of the hospital's organisation.
        ledger.client(DevelopmentConsortiumPlan.HOSPITAL_MSP, "enterprise1")
                .submitBill(BillSealer.seal(
                        otherSigner, signer(DevelopmentConsortiumPlan.HOSPITAL_MSP, "enterprise1"), intlRecipients()));
        for (Bill bill : List.of(otherContent, otherSigner)) {
            assertThat(adapter.post(json(bill), UUID.randomUUID().toString()).status())
                    .isEqualTo(202);
        }
        for (Bill bill : List.of(otherContent, otherSigner)) {
            Answer failed = awaitStatus(adapter, key(bill), "FAILED");
            assertThat(statuses(failed)).containsExactly("RECEIVED", "QUEUED", "FAILED");
            assertThat(failed.text("lastError")).isEqualTo("BILL_CONFLICT");
            assertThat(transition(failed, "FAILED").get("errorCode").asString()).isEqualTo("BILL_CONFLICT");
        }
    }

    // ---- stopping and crashing ----

    @Test
    void aGracefulStopGivesItsLeasesBackBeforeTheDatabaseCloses() throws Exception {
        AdapterHome home = newHome("graceful");
        Path data = home.data();
        Map<String, String> db = home.database();
        Map<String, String> properties = home.properties();
        // A submission waits for the unreachable ledger as long as the test needs: the bill stays in hand.
        properties.put("fapiao.ledger.retry-attempts", "1000");
        Bill bill = bill(HOSPITAL);
        String log;
        ledger.stop();
        try (AdapterProcess process = AdapterProcess.start(properties, data.resolve("adapter.log"), his.http())) {
            assertThat(process.api()
                            .post(json(bill), UUID.randomUUID().toString())
                            .status())
                    .isEqualTo(202);
            // QUEUED is recorded by the worker that holds the bill's lease, which then waits for the ledger.
            Answer inHand = awaitStatus(process.api()::status, key(bill), "QUEUED", PATIENCE);
            assertThat(inHand.body().get("attempts").asInt()).isZero();
            process.stop();
            log = process.log();
        } finally {
            ledger.restart();
        }
        assertThat(log)
                .contains("leases of submission@")
                .contains("given back")
                .doesNotContain("Database is already closed")
                .doesNotContain("could not release")
                .doesNotContain("could not give back");
        JdbcTemplate jdbc = jdbc(db);
        assertThat(jdbc.queryForList(
                        "select lease_owner from work_item where queue = 'submission' and item_key = ?",
                        String.class,
                        key(bill)))
                .containsExactly((String) null);
        assertThat(jdbc.queryForObject("select status from his_bill where bill_key = ?", String.class, key(bill)))
                .isEqualTo("QUEUED");
    }

    @Test
    void aBillInFlightAtAKillIsTakenBackAtOnceByTheRestartedAdapterAndNeverByAnotherInstance() throws Exception {
        AdapterHome home = newHome("killed");
        Path data = home.data();
        Map<String, String> db = home.database();
        Map<String, String> properties = home.properties();
        Duration lease = Duration.ofMinutes(2);
        properties.put("fapiao.his.lease", lease.toSeconds() + "s");
        Map<String, String> waiting = new LinkedHashMap<>(properties);
        waiting.put("fapiao.ledger.retry-attempts", "1000");
        Bill bill = bill(HOSPITAL);
        JdbcTemplate jdbc;
        String owner;
        long leaseEnds;
        byte[] envelope;
        ledger.stop();
        try {
            try (AdapterProcess process = AdapterProcess.start(waiting, data.resolve("adapter.log"), his.http())) {
                assertThat(process.api()
                                .post(json(bill), UUID.randomUUID().toString())
                                .status())
                        .isEqualTo(202);
                awaitStatus(process.api()::status, key(bill), "QUEUED", PATIENCE);
                process.kill();
            }
            jdbc = jdbc(db);
            Map<String, Object> held = jdbc.queryForMap(
                    "select lease_owner, lease_until from work_item " + "where queue = 'submission' and item_key = ?",
                    key(bill));
            String instanceId = Files.readString(data.resolve("instance-id"), StandardCharsets.US_ASCII)
                    .strip();
            owner = (String) held.get("lease_owner");
            assertThat(owner).isEqualTo("submission@" + instanceId);
            leaseEnds = ((Number) held.get("lease_until")).longValue();
            envelope =
                    jdbc.queryForObject("select sealed_bill from his_bill where bill_key = ?", byte[].class, key(bill));
        } finally {
            ledger.restart();
        }

        // Another instance on the same database leaves the dead process's lease alone, started or stopped.
        Map<String, String> another = new LinkedHashMap<>(properties);
        another.put("fapiao.instance-id", "another-adapter");
        try (RunningAdapter other = RunningAdapter.start(another, his.http())) {
            assertThat(lease(jdbc, key(bill))).containsExactly(owner, leaseEnds);
            Thread.sleep(1000); // ten polls of its workers
            assertThat(other.status(key(bill)).text("status")).isEqualTo("QUEUED");
        }
        assertThat(lease(jdbc, key(bill))).containsExactly(owner, leaseEnds);

        // The killed adapter, back under its id, takes the bill at once and submits the envelope it stored.
        try (RunningAdapter restarted = RunningAdapter.start(properties, his.http())) {
            Answer submitted = awaitStatus(restarted::status, key(bill), "SUBMITTED", lease.plus(PATIENCE));
            long submittedAt = java.time.Instant.parse(
                            transition(submitted, "SUBMITTED").get("at").asString())
                    .toEpochMilli();
            assertThat(submittedAt)
                    .as("submitted before the dead process's lease would have expired")
                    .isLessThan(leaseEnds);
            assertThat(statuses(submitted)).containsExactly("RECEIVED", "QUEUED", "SUBMITTED");
        }
        FapiaoLedger auditor = ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        assertThat(auditor.bill(BillKey.parse(key(bill))).envelope().toJson()).isEqualTo(envelope);
    }

    /** What the intake does for a bill, besides storing it: an item of the submission queue, due now. */
    private static void queueForSubmission(JdbcTemplate jdbc, String billKey) {
        jdbc.update(
                "insert into work_item (queue, item_key, added_at, next_attempt_at, attempts) "
                        + "values ('submission', ?, 0, 0, 0)",
                billKey);
    }

    private static List<Object> lease(JdbcTemplate jdbc, String billKey) {
        Map<String, Object> row = jdbc.queryForMap(
                "select lease_owner, lease_until from work_item " + "where queue = 'submission' and item_key = ?",
                billKey);
        Object until = row.get("lease_until");
        return java.util.Arrays.asList(row.get("lease_owner"), until == null ? null : ((Number) until).longValue());
    }

    /** A data folder of its own for an adapter, its database configured as the services run it, and its properties. */
    private AdapterHome newHome(String name) throws Exception {
        Path data = dir.resolve(name + "-" + UUID.randomUUID());
        Map<String, String> db = asTheServicesRunIt(database(data.resolve("db")));
        return new AdapterHome(data, db, properties(data, db));
    }

    private record AdapterHome(Path data, Map<String, String> database, Map<String, String> properties) {}

    /**
     * The database as the services configure the embedded one (application.yml): a commit written before it
     * returns ({@code WRITE_DELAY=0}, so it survives a kill -9), and closed by the service's own shutdown,
     * not by H2's JVM hook (which would close it under the workers still giving their leases back).
     */
    static Map<String, String> asTheServicesRunIt(Map<String, String> database) {
        String url = database.get("spring.datasource.url");
        if (!url.startsWith("jdbc:h2:")) {
            return database;
        }
        Map<String, String> configured = new LinkedHashMap<>(database);
        for (String setting : List.of("WRITE_DELAY=0", "DB_CLOSE_ON_EXIT=FALSE")) {
            if (!url.contains(setting)) {
                url = url + ";" + setting;
            }
        }
        configured.put("spring.datasource.url", url);
        return configured;
    }

    static JdbcTemplate jdbc(Map<String, String> database) {
        return new JdbcTemplate(new DriverManagerDataSource(
                database.get("spring.datasource.url"),
                database.getOrDefault("spring.datasource.username", ""),
                database.getOrDefault("spring.datasource.password", "")));
    }

    private Signer signer(String mspId, String user) throws Exception {
        Identity identity = ledger.identity(mspId, user);
        return Signer.of(identity.privateKey(), identity.certificate());
    }

    /** The certificates INTL bills are sealed to, as the adapter is configured: the finance bureau and the issuer. */
    private List<X509Certificate> intlRecipients() throws Exception {
        return List.of(
                Pem.certificate(Files.readString(signCertificate(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1"))),
                Pem.certificate(Files.readString(signCertificate(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1"))));
    }

    /** Issues an invoice for the VERIFIED bill as issuer1; its number. */
    private String issueInvoice(String billKey) throws Exception {
        FapiaoLedger issuer = ledger.client(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1");
        Signer issuerSigner = signer(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1");
        String billCode = ThreadLocalRandom.current().nextInt(900_000, 999_999) + "26";
        String number =
                issuer.reserveBillCodeRange("his-it", billCode, 1).value().first();
        String hash = "cd".repeat(32);
        String headerDigest = issuer.bill(BillKey.parse(billKey)).bill().headerDigest();
        issuer.issueInvoice(
                BillKey.parse(billKey),
                number,
                checkCodeDigest(number),
                hash,
                new io.fapiao.protocol.statement.IssuanceStatement(
                                billKey, headerDigest, number, checkCodeDigest(number), hash)
                        .sign(issuerSigner));
        return number;
    }

    /** What an issuer puts on the ledger for an invoice's check code: its digest under a key of the issuer's. */
    private static String checkCodeDigest(String number) {
        return CheckCodeDigest.of(new SecretKeySpec(new byte[32], "HmacSHA256"), number, "C0DE");
    }

    private java.security.cert.X509Certificate caOf(String mspId) throws IOException, Exception {
        Path cacerts = ledger.mspDirectory(mspId, "hospital1").resolve("cacerts");
        try (var files = Files.list(cacerts)) {
            return io.fapiao.protocol.crypto.Pem.certificate(
                    Files.readString(files.findFirst().orElseThrow()));
        }
    }
}
