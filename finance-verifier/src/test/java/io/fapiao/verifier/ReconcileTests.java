package io.fapiao.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.development.GmMaterial;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.service.reconcile.Disagreement;
import io.fapiao.service.reconcile.ReconcileReport;
import io.fapiao.service.testing.DevelopmentLedger;
import io.fapiao.service.testing.TestClients;
import io.fapiao.verifier.reconcile.VerdictReconciler;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/admin/reconcile} of the finance verifier against a real embedded ledger and a real
 * database (the subclasses name it): bills are verified by the running service, then its verdict rows
 * are made to disagree with the ledger (lost, changed, mixed up, or stored for a bill the ledger never
 * saw decided); the reconciliation names each by its kind, repairs it from the ledger (a lost or
 * unrecorded verdict through the verifier's own workers), and finds nothing afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReconcileTests {
    private static final String HOSPITAL_MSP = DevelopmentConsortiumPlan.HOSPITAL_MSP;
    private static final String FINANCE_MSP = DevelopmentConsortiumPlan.FINANCE_MSP;
    private static final String ISSUER_MSP = DevelopmentConsortiumPlan.ISSUER_MSP;
    private static final String HOSPITAL = DevelopmentConsortiumPlan.hospitals().get(0);
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private Path dir;
    private DevelopmentLedger ledger;
    private FapiaoLedger hospital;
    private FapiaoLedger finance;
    private VerifierRun service;
    private TestClients.Client operator;

    /** The Spring datasource properties of the database under test, fresh; called once. */
    abstract Map<String, String> database(Path dir);

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("verifier-reconcile");
        Map<String, String> db = database(dir.resolve("db"));
        ledger = DevelopmentLedger.start(dir.resolve("ledger"));
        hospital = ledger.client(HOSPITAL_MSP, "hospital1");
        finance = ledger.client(FINANCE_MSP, "verifier1");
        Path hospitalMsp = ledger.consortium().directory().resolve("peerOrganizations/hospital.fapiao.local/msp");
        GmMaterial gm = ledger.gm();
        Map<String, String> properties = new LinkedHashMap<>(ledger.serviceProperties(FINANCE_MSP, "verifier1"));
        properties.putAll(db);
        properties.put("server.port", "0");
        properties.put("fapiao.http.plaintext", "true");
        TestClients clients = TestClients.create(dir.resolve("clients"));
        operator = clients.register("operator", List.of("operator"), List.of());
        properties.putAll(clients.properties());
        properties.put("fapiao.data-dir", dir.resolve("verifier").toString());
        properties.put(
                "fapiao.verifier.trust.ca-certificates", hospitalMsp.resolve("cacerts") + "," + gm.caCertificate());
        properties.put("fapiao.verifier.trust.crls", hospitalMsp.resolve("crls").toString());
        properties.put(
                "fapiao.verifier.gm-identity.certificate",
                gm.financeDirectory().resolve("cert.pem").toString());
        properties.put(
                "fapiao.verifier.gm-identity.private-key",
                gm.financeDirectory().resolve("key.pem").toString());
        service = VerifierRun.start(properties);
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void verdictsThatDisagreeWithTheLedgerAreReportedRepairedFromItAndThenAgree() throws Exception {
        String lost = submit(TestBills.outpatient(3001, HOSPITAL, Instant.now()));
        String changed = submit(TestBills.outpatient(3002, HOSPITAL, Instant.now()));
        String rejected = submit(TestBills.wrongTotal(
                TestBills.outpatient(3003, HOSPITAL, Instant.now()),
                ledger.identity(HOSPITAL_MSP, "hospital1").signer(),
                recipients()));
        for (String billKey : List.of(lost, changed, rejected)) {
            awaitLocalVerdict(billKey);
        }
        ReconcileReport clean = reconcile(false);
        assertThat(clean.disagreements()).isEmpty();
        assertThat(clean.checked()).isEqualTo(3);

        // What a crash, a restored backup or a bad hand leaves: a verdict lost, one changed, one whose
        // transaction is not the ledger's, and one stored for a bill the ledger never saw decided (stored
        // before the bill arrives, so the event finds it "verified" and queues nothing).
        JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
        jdbc.update("delete from verdict where bill_key = ?", lost);
        jdbc.update(
                "update verdict set outcome = 'REJECTED', reason_codes = '[\"DUPLICATE_SUSPECTED\"]' "
                        + "where bill_key = ?",
                changed);
        jdbc.update("update verdict set transaction_id = 'not-the-ledgers' where bill_key = ?", rejected);
        Bill undecided = TestBills.outpatient(3004, HOSPITAL, Instant.now());
        String unrecorded = undecided.issuerId() + ":" + undecided.billId();
        jdbc.update(
                "insert into verdict (bill_key, outcome, reason_codes, detail, violations, duplicate_of, origin, "
                        + "event_transaction_id, event_block_number, stored_at) values (?, 'ACCEPTED', '[]', 'made up', '[]', "
                        + "'[]', 'VERIFIER', 'none', 0, ?)",
                unrecorded,
                Timestamp.from(Instant.now()));
        submit(undecided);
        Thread.sleep(1000); // the BillSubmitted event is consumed and, as the bill looks decided, not queued
        assertThat(finance.bill(BillKey.parse(unrecorded)).bill().state()).isEqualTo(BillState.SUBMITTED);

        ReconcileReport found = reconcile(false);
        assertThat(kindOf(found, lost)).isEqualTo(VerdictReconciler.VERDICT_MISSING);
        assertThat(kindOf(found, changed)).isEqualTo(VerdictReconciler.VERDICT_DIFFERS);
        assertThat(kindOf(found, rejected)).isEqualTo(VerdictReconciler.TRANSACTION_DIFFERS);
        assertThat(kindOf(found, unrecorded)).isEqualTo(VerdictReconciler.VERDICT_NOT_RECORDED);
        assertThat(find(found, changed).orElseThrow().local()).isEqualTo("REJECTED [DUPLICATE_SUSPECTED]");
        assertThat(find(found, changed).orElseThrow().ledger()).isEqualTo("ACCEPTED []");
        assertThat(found.found()).isEqualTo(4);
        assertThat(found.remaining()).isEqualTo(4);
        assertThat(getJson("/v1/verdicts/" + lost).status()).isEqualTo(404); // reporting changed nothing

        ReconcileReport repaired = reconcile(true);
        assertThat(repaired.found()).isEqualTo(4);
        assertThat(repaired.disagreements()).allMatch(Disagreement::repaired);
        assertThat(repaired.remaining()).isZero();

        BillRecord lostOnLedger = finance.bill(BillKey.parse(lost)).bill();
        JsonNode recovered = getJson("/v1/verdicts/" + lost).body();
        assertThat(recovered.get("origin").stringValue()).isEqualTo("LEDGER");
        assertThat(recovered.get("verdict").stringValue()).isEqualTo("ACCEPTED");
        assertThat(recovered.get("transactionId").stringValue())
                .isEqualTo(lostOnLedger.verification().txId());
        JsonNode adopted = getJson("/v1/verdicts/" + changed).body();
        assertThat(adopted.get("verdict").stringValue()).isEqualTo("ACCEPTED");
        assertThat(adopted.get("reasonCodes").size()).isZero();
        assertThat(adopted.get("origin").stringValue()).isEqualTo("LEDGER");
        assertThat(getJson("/v1/verdicts/" + rejected)
                        .body()
                        .get("transactionId")
                        .stringValue())
                .isEqualTo(finance.bill(BillKey.parse(rejected))
                        .bill()
                        .verification()
                        .txId());
        // The made-up verdict is gone; the bill was verified for real and its verdict is on the ledger.
        BillRecord decided = finance.bill(BillKey.parse(unrecorded)).bill();
        assertThat(decided.state()).isEqualTo(BillState.VERIFIED);
        JsonNode real = getJson("/v1/verdicts/" + unrecorded).body();
        assertThat(real.get("detail").stringValue()).isNotEqualTo("made up");
        assertThat(real.get("transactionId").stringValue())
                .isEqualTo(decided.verification().txId());

        ReconcileReport after = reconcile(false);
        assertThat(after.disagreements()).isEmpty();
        assertThat(after.checked()).isEqualTo(4);
    }

    // ---- helpers ----

    private String submit(Bill bill) throws Exception {
        return submit(
                BillSealer.seal(bill, ledger.identity(HOSPITAL_MSP, "hospital1").signer(), recipients()));
    }

    private String submit(SealedBill sealed) throws LedgerException {
        return hospital.submitBill(sealed).value().billKey();
    }

    private List<X509Certificate> recipients() throws Exception {
        return List.of(
                ledger.identity(FINANCE_MSP, "verifier1").certificate(),
                ledger.identity(ISSUER_MSP, "issuer1").certificate());
    }

    private ReconcileReport reconcile(boolean repair) throws Exception {
        HttpResponse<byte[]> answer = operator.http()
                .send(
                        "POST",
                        URI.create(service.url("/v1/admin/reconcile?repair=" + repair)),
                        Map.of(),
                        new byte[0],
                        Duration.ofMinutes(2));
        assertThat(answer.statusCode()).as(new String(answer.body())).isEqualTo(200);
        ReconcileReport report = Json.read(answer.body(), ReconcileReport.class);
        assertThat(report.service()).isEqualTo("finance-verifier");
        return report;
    }

    private static Optional<Disagreement> find(ReconcileReport report, String key) {
        return report.disagreements().stream().filter(d -> d.key().equals(key)).findFirst();
    }

    private static String kindOf(ReconcileReport report, String key) {
        return find(report, key).map(Disagreement::kind).orElse("(none)");
    }

    private JsonNode awaitLocalVerdict(String billKey) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            Response response = getJson("/v1/verdicts/" + billKey);
            if (response.status() == 200) {
                return response.body();
            }
            Thread.sleep(100);
        }
        return fail("no local verdict on " + billKey + " within " + PATIENCE);
    }

    private record Response(int status, JsonNode body) {}

    private Response getJson(String path) throws Exception {
        HttpResponse<byte[]> response = operator.http().get(URI.create(service.url(path)));
        return new Response(response.statusCode(), Json.readTree(response.body()));
    }
}
