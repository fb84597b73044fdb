package io.fapiao.hisadapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.development.GmMaterial;
import io.fapiao.hisadapter.AdapterApi.Answer;
import io.fapiao.hisadapter.reconcile.BillReconciler;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.statement.VerdictStatement;
import io.fapiao.service.reconcile.Disagreement;
import io.fapiao.service.reconcile.ReconcileReport;
import io.fapiao.service.testing.DevelopmentLedger;
import io.fapiao.service.testing.TestClients;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code POST /v1/admin/reconcile} of the adapter against a real embedded ledger and a real database
 * (the subclasses name it): bills go through the adapter to the ledger, then their rows are made to
 * disagree with the ledger as a crash or a lost write would leave them; the reconciliation names
 * each disagreement by its kind, repairs it from the ledger when asked, and finds nothing afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ReconcileTests {
    static final String HOSPITAL = DevelopmentConsortiumPlan.hospitals().get(0);
    static final Duration PATIENCE = Duration.ofSeconds(60);

    Path dir;
    DevelopmentLedger ledger;
    TestClients.Client his;
    TestClients.Client operator;
    RunningAdapter adapter;
    FapiaoLedger finance;

    /** Spring datasource properties of a fresh database. */
    abstract Map<String, String> database(Path dir) throws Exception;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("his-reconcile");
        ledger = DevelopmentLedger.start(dir.resolve("ledger"));
        TestClients clients = TestClients.create(dir.resolve("clients"));
        his = clients.register("his", List.of("his"), List.copyOf(DevelopmentConsortiumPlan.SUBMITTERS.keySet()));
        operator = clients.register("operator", List.of("operator"), List.of());
        finance = ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        Map<String, String> p =
                new LinkedHashMap<>(ledger.serviceProperties(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1"));
        p.putAll(database(dir.resolve("db")));
        p.put("fapiao.data-dir", dir.resolve("his").toString());
        p.put("fapiao.ledger.retry-attempts", "2");
        p.put("fapiao.his.submitters", String.join(",", DevelopmentConsortiumPlan.SUBMITTERS.keySet()));
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
        p.put("fapiao.his.poll-interval", "100ms");
        p.put("fapiao.his.initial-backoff", "100ms");
        p.put("fapiao.his.max-backoff", "1s");
        p.putAll(clients.properties());
        adapter = RunningAdapter.start(p, his.http());
    }

    @AfterAll
    void stop() throws Exception {
        if (adapter != null) {
            adapter.close();
        }
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    @Order(1)
    void rowsThatDisagreeWithTheLedgerAreReportedRepairedFromItAndThenAgree() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Bill bill = bill();
            assertThat(adapter.post(
                                    CanonicalJson.encode(bill),
                                    UUID.randomUUID().toString())
                            .status())
                    .isEqualTo(202);
            keys.add(bill.issuerId() + ":" + bill.billId());
        }
        for (String key : keys) {
            awaitStatus(key, "SUBMITTED");
        }
        String verified = keys.get(0);
        String failed = keys.get(1);
        String otherTx = keys.get(2);
        String noEnvelope = keys.get(3);
        String ahead = keys.get(4);
        recordVerdict(verified, "ACCEPTED");
        awaitStatus(verified, "VERIFIED");

        ReconcileReport clean = reconcile(false);
        assertThat(clean.disagreements()).isEmpty();
        assertThat(clean.checked()).isEqualTo(5);
        assertThat(clean.service()).isEqualTo("his-adapter");

        // What a crash or a lost write leaves: a step not recorded, a bill failed that the ledger took, a
        // transaction mixed up, an envelope lost, a status the ledger never reached.
        JdbcTemplate jdbc = adapter.context().getBean(JdbcTemplate.class);
        jdbc.update("update his_bill set status = 'SUBMITTED' where bill_key = ?", verified);
        jdbc.update("update his_bill set status = 'FAILED', last_error = 'BILL_CONFLICT' where bill_key = ?", failed);
        jdbc.update("update his_bill set tx_id = 'not-the-ledgers' where bill_key = ?", otherTx);
        jdbc.update("update his_bill set sealed_bill = null, header_digest = null where bill_key = ?", noEnvelope);
        jdbc.update(
                "update his_bill set status = 'ISSUED', invoice_number = '44010126-0000000001' where bill_key = ?",
                ahead);

        ReconcileReport found = reconcile(false);
        assertThat(kindOf(found, verified)).isEqualTo(BillReconciler.STATUS_BEHIND);
        assertThat(kindOf(found, failed)).isEqualTo(BillReconciler.STATUS_DIFFERS);
        assertThat(kindOf(found, otherTx)).isEqualTo(BillReconciler.TRANSACTION_DIFFERS);
        assertThat(kindOf(found, noEnvelope)).isEqualTo(BillReconciler.ENVELOPE_MISSING);
        assertThat(kindOf(found, ahead)).isEqualTo(BillReconciler.STATUS_DIFFERS);
        Disagreement behind = find(found, verified).orElseThrow();
        assertThat(behind.local()).isEqualTo("SUBMITTED");
        assertThat(behind.ledger()).isEqualTo("VERIFIED");
        assertThat(find(found, failed).orElseThrow().local()).isEqualTo("FAILED (BILL_CONFLICT)");
        assertThat(found.found()).isEqualTo(5);
        assertThat(found.repaired()).isZero();
        assertThat(found.remaining()).isEqualTo(5);
        assertThat(found.disagreements()).noneMatch(Disagreement::repaired);
        // Reporting changed nothing.
        assertThat(adapter.status(failed).text("status")).isEqualTo("FAILED");

        ReconcileReport repaired = reconcile(true);
        assertThat(repaired.found()).isEqualTo(5);
        assertThat(repaired.repaired()).isEqualTo(5);
        assertThat(repaired.remaining()).isZero();
        assertThat(repaired.repair()).isTrue();

        Answer nowVerified = adapter.status(verified);
        assertThat(nowVerified.text("status")).isEqualTo("VERIFIED");
        BillRecord verifiedOnLedger = finance.bill(BillKey.parse(verified)).bill();
        assertThat(lastTransition(nowVerified).get("transactionId").asString())
                .isEqualTo(verifiedOnLedger.verification().txId());
        Answer nowSubmitted = adapter.status(failed);
        assertThat(nowSubmitted.text("status")).isEqualTo("SUBMITTED");
        assertThat(lastTransition(nowSubmitted).get("transactionId").asString())
                .isEqualTo(
                        finance.bill(BillKey.parse(failed)).bill().submitted().txId());
        assertThat(adapter.status(otherTx).text("transactionId"))
                .isEqualTo(
                        finance.bill(BillKey.parse(otherTx)).bill().submitted().txId());
        StoredBill stored = finance.bill(BillKey.parse(noEnvelope));
        assertThat(jdbc.queryForObject(
                        "select header_digest from his_bill where bill_key = ?", String.class, noEnvelope))
                .isEqualTo(stored.bill().headerDigest());
        assertThat(jdbc.queryForObject("select sealed_bill from his_bill where bill_key = ?", byte[].class, noEnvelope))
                .isEqualTo(stored.envelope().toJson());
        assertThat(adapter.status(ahead).text("status")).isEqualTo("SUBMITTED");

        ReconcileReport after = reconcile(false);
        assertThat(after.disagreements()).isEmpty();
        assertThat(after.checked()).isEqualTo(5);
    }

    @Test
    @Order(2)
    void aBillOnTheLedgerUnderTheAdaptersCertificateThatTheAdapterLostCannotBeRepaired() throws Exception {
        Bill bill = bill();
        String key = bill.issuerId() + ":" + bill.billId();
        // Submitted with the adapter's own certificate, and no row here: an acknowledged bill whose row was lost.
        Identity hospital1 = ledger.identity(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1");
        ledger.client(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1")
                .submitBill(BillSealer.seal(
                        bill,
                        hospital1.signer(),
                        List.of(
                                ledger.identity(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1")
                                        .certificate(),
                                ledger.identity(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1")
                                        .certificate())));

        ReconcileReport found = reconcile(false);
        Disagreement lost = find(found, key).orElseThrow();
        assertThat(lost.kind()).isEqualTo(BillReconciler.LEDGER_ONLY);
        assertThat(lost.local()).isNull();
        assertThat(lost.ledger()).isEqualTo("SUBMITTED");

        ReconcileReport repaired = reconcile(true);
        Disagreement still = find(repaired, key).orElseThrow();
        assertThat(still.repaired()).isFalse();
        assertThat(still.detail()).contains("send the bill again");
        assertThat(repaired.remaining()).isEqualTo(1);
        assertThat(adapter.status(key).status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void aRepairAnswersAsAProblemWhenTheLedgerIsAway() throws Exception {
        ledger.stop();
        try {
            HttpResponse<byte[]> answer = post(true);
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(Json.readTree(answer.body()).get("code").asString()).isEqualTo("LEDGER_UNAVAILABLE");
        } finally {
            ledger.restart();
        }
    }

    // ---- helpers ----

    static Bill bill() {
        Bill sample = SampleBills.outpatient(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), HOSPITAL);
        // the submitter's name as the ledger registers it: the adapter refuses another at intake
        return DevelopmentConsortiumPlan.asRegistered(
                sample.reissued(sample.billId(), OffsetDateTime.now(ZoneOffset.ofHours(8))));
    }

    ReconcileReport reconcile(boolean repair) throws Exception {
        HttpResponse<byte[]> answer = post(repair);
        assertThat(answer.statusCode()).as(new String(answer.body())).isEqualTo(200);
        return Json.read(answer.body(), ReconcileReport.class);
    }

    private HttpResponse<byte[]> post(boolean repair) throws Exception {
        int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) adapter.context())
                .getWebServer()
                .getPort();
        return operator.http()
                .send(
                        "POST",
                        URI.create("http://localhost:" + port + "/v1/admin/reconcile?repair=" + repair),
                        Map.of(),
                        new byte[0],
                        Duration.ofMinutes(2));
    }

    private static Optional<Disagreement> find(ReconcileReport report, String key) {
        return report.disagreements().stream().filter(d -> d.key().equals(key)).findFirst();
    }

    private static String kindOf(ReconcileReport report, String key) {
        return find(report, key).map(Disagreement::kind).orElse("(none)");
    }

    private static tools.jackson.databind.JsonNode lastTransition(Answer answer) {
        tools.jackson.databind.JsonNode transitions = answer.body().get("transitions");
        return transitions.get(transitions.size() - 1);
    }

    private void awaitStatus(String billKey, String status) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(
                        () -> assertThat(adapter.status(billKey).text("status")).isEqualTo(status));
    }

    private void recordVerdict(String billKey, String verdict) throws Exception {
        Identity verifier = ledger.identity(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        BillKey key = BillKey.parse(billKey);
        byte[] signature = new VerdictStatement(
                        billKey, finance.bill(key).bill().headerDigest(), verdict, List.of())
                .sign(Signer.of(verifier.privateKey(), verifier.certificate()));
        finance.recordVerification(key, verdict, List.of(), signature);
    }

    private Path signCertificate(String mspId, String user) throws Exception {
        try (var files = Files.list(ledger.mspDirectory(mspId, user).resolve("signcerts"))) {
            return files.findFirst().orElseThrow();
        }
    }
}
