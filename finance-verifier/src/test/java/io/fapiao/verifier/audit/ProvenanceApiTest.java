package io.fapiao.verifier.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.proof.ProofBundle;
import io.fapiao.proof.ProofReport;
import io.fapiao.proof.ProofVerifier;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.CheckCodeDigest;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.NumberRange;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.statement.IssuanceStatement;
import io.fapiao.protocol.statement.VerdictStatement;
import io.fapiao.service.testing.DevelopmentLedger;
import io.fapiao.service.testing.TestClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The auditor API over HTTP: a bill submitted, verified and issued on a real embedded node; its
 * timeline and its proof bundle from the running finance-verifier, the bundle checked offline and
 * refused after one changed byte; problem+json for a malformed and an unknown key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProvenanceApiTest {

    /** The invoice's check code: the issuer keeps it; the ledger, and so the auditor, sees only its digest. */
    static final String CHECK_CODE = "38201749562017384950";

    static Path dir;
    static DevelopmentLedger ledger;
    static BillKey billKey;
    static String invoiceNumber;
    static String submitTx;
    static TestClients clients;
    static TestClients.Client auditor;
    static TestClients.Client submitter;
    static TestClients.Client otherSubmitter;
    static TestClients.Client operator;

    @Value("${local.server.port}")
    int port;

    @BeforeAll
    static void lifecycle() throws Exception {
        dir = Files.createTempDirectory("provenance-api");
        ledger = DevelopmentLedger.start(dir.resolve("ledger"));
        String uscc = DevelopmentConsortiumPlan.hospitals().get(0);
        clients = TestClients.create(dir.resolve("clients"));
        auditor = clients.register("auditor", List.of("auditor"), List.of());
        submitter = clients.register("hospital", List.of("submitter"), List.of(uscc));
        otherSubmitter = clients.register(
                "other-hospital",
                List.of("submitter"),
                List.of(DevelopmentConsortiumPlan.hospitals().get(1)));
        operator = clients.register("operator", List.of("operator"), List.of());
        Identity hospital = ledger.identity(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1");
        Identity verifier = ledger.identity(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        Identity issuer = ledger.identity(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1");
        SealedBill sealed = BillSealer.seal(
                SampleBills.outpatient(31, uscc),
                hospital.signer(),
                List.of(verifier.certificate(), issuer.certificate()));
        billKey = new BillKey(sealed.header().issuerId(), sealed.header().billId());
        Recorded<BillRecord> submitted = ledger.client(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1")
                .submitBill(sealed);
        submitTx = submitted.transactionId();
        String digest = submitted.value().headerDigest();
        ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1")
                .recordVerification(
                        billKey,
                        "ACCEPTED",
                        List.of(),
                        new VerdictStatement(billKey.toString(), digest, "ACCEPTED", List.of())
                                .sign(verifier.signer()));
        FapiaoLedger issuing = ledger.client(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1");
        Recorded<NumberRange> range = issuing.reserveNumberRange("ISSUER-API", "AUD1", 2026, 5);
        invoiceNumber = range.value().first();
        String documentHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        String checkCodeDigest =
                CheckCodeDigest.of(new SecretKeySpec(new byte[32], "HmacSHA256"), invoiceNumber, CHECK_CODE);
        Recorded<InvoiceRecord> issued = issuing.issueInvoice(
                billKey,
                invoiceNumber,
                checkCodeDigest,
                documentHash,
                new IssuanceStatement(billKey.toString(), digest, invoiceNumber, checkCodeDigest, documentHash)
                        .sign(issuer.signer()));
        assertThat(issued.value().invoiceNumber()).isEqualTo(invoiceNumber);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        ledger.serviceProperties(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1")
                .forEach((key, value) -> registry.add(key, () -> value));
        registry.add("fapiao.data-dir", () -> dir.resolve("service").toString());
        registry.add("fapiao.http.plaintext", () -> "true");
        clients.properties().forEach((key, value) -> registry.add(key, () -> value));
        // The service refuses to start without the CAs of the bills' signers (SignerTrust).
        Path hospitalCas = ledger.mspDirectory(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1")
                .resolve("cacerts");
        registry.add(
                "fapiao.verifier.trust.ca-certificates",
                () -> hospitalCas + "," + ledger.gm().caCertificate());
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
    }

    @Test
    void timelineOfAnInvoice() throws Exception {
        HttpResponse<byte[]> response = get("/v1/provenance/" + invoiceNumber);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode timeline = Json.readTree(response.body());
        assertThat(timeline.get("billKey").stringValue()).isEqualTo(billKey.toString());
        assertThat(timeline.get("invoiceNumber").stringValue()).isEqualTo(invoiceNumber);
        JsonNode steps = timeline.get("steps");
        assertThat(steps.size()).isEqualTo(3);
        assertThat(steps.get(0).get("function").stringValue()).isEqualTo("SubmitBill");
        assertThat(steps.get(0).get("txId").stringValue()).isEqualTo(submitTx);
        assertThat(steps.get(0).get("mspId").stringValue()).isEqualTo(DevelopmentConsortiumPlan.HOSPITAL_MSP);
        assertThat(steps.get(1).get("function").stringValue()).isEqualTo("RecordVerification");
        assertThat(steps.get(2).get("function").stringValue()).isEqualTo("IssueInvoice");
        for (JsonNode step : steps) {
            assertThat(step.get("signaturesValid").booleanValue())
                    .as(step.toString())
                    .isTrue();
            assertThat(step.get("blockNumber").longValue()).isPositive();
            assertThat(step.get("certificateFingerprint").stringValue()).isNotBlank();
            assertThat(step.get("at").stringValue()).isNotBlank();
        }
        assertThat(Json.readTree(get("/v1/provenance/" + billKey).body())).isEqualTo(timeline);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain(CHECK_CODE);
    }

    @Test
    void proofBundleDownloadsAndVerifiesOfflineUntilOneByteChanges() throws Exception {
        HttpResponse<byte[]> response = get("/v1/provenance/" + invoiceNumber + "/proof");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("attachment", "proof-" + invoiceNumber + ".json");
        byte[] bundle = response.body();
        ProofReport report = ProofVerifier.unpinned().verify(bundle);
        assertThat(report.verified()).as(report.failures().toString()).isTrue();

        // The issuance's record carries the check code's digest; nothing in the bundle carries the code,
        // neither the records nor the blocks' transactions (their arguments and write sets).
        ProofBundle parsed = ProofBundle.fromJson(bundle);
        JsonNode issuance = parsed.steps().stream()
                .filter(s -> s.function().equals("IssueInvoice"))
                .findFirst()
                .orElseThrow()
                .record();
        assertThat(CheckCodeDigest.FORM
                        .matcher(issuance.get("checkCodeDigest").stringValue())
                        .matches())
                .isTrue();
        assertThat(new String(bundle, StandardCharsets.UTF_8)).doesNotContain(CHECK_CODE);
        for (String block : parsed.blocks()) {
            assertThat(new String(Base64Url.decode("block", block), StandardCharsets.ISO_8859_1))
                    .doesNotContain(CHECK_CODE);
        }

        byte[] changed = bundle.clone();
        int at = new String(bundle, StandardCharsets.UTF_8).indexOf("\"txId\":\"") + 8;
        changed[at] = (byte) (changed[at] == 'a' ? 'b' : 'a');
        ProofReport tampered = ProofVerifier.unpinned().verify(changed);
        assertThat(tampered.verified()).isFalse();
        assertThat(tampered.firstFailure().orElseThrow().name()).startsWith("step[");
    }

    @Test
    void malformedAndUnknownKeysAreProblems() throws Exception {
        HttpResponse<byte[]> malformed = get("/v1/provenance/not-a-key");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        assertThat(Json.readTree(malformed.body()).get("code").stringValue()).isEqualTo("MALFORMED_KEY");

        HttpResponse<byte[]> unknown = get("/v1/provenance/AUD1-2026-00000099/proof");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.readTree(unknown.body()).get("code").stringValue()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aSubmitterReadsItsOwnBillsProvenanceAndNobodyElsesWhileOperatorsAndStrangersReadNone() throws Exception {
        for (String path : List.of("/v1/provenance/" + invoiceNumber, "/v1/provenance/" + billKey + "/proof")) {
            assertThat(get(submitter, path).statusCode()).as(path).isEqualTo(200);
            // Another hospital learns nothing, not even that the bill exists.
            HttpResponse<byte[]> hidden = get(otherSubmitter, path);
            assertThat(hidden.statusCode()).as(path).isEqualTo(404);
            assertThat(Json.readTree(hidden.body()).get("code").stringValue()).isEqualTo("NOT_FOUND");
            HttpResponse<byte[]> operatorAnswer = get(operator, path);
            assertThat(operatorAnswer.statusCode()).as(path).isEqualTo(403);
            assertThat(Json.readTree(operatorAnswer.body()).get("code").stringValue())
                    .isEqualTo("ROLE_REQUIRED");
            HttpResponse<byte[]> anonymous = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(Json.readTree(anonymous.body()).get("code").stringValue())
                    .isEqualTo("SIGNATURE_MISSING");
        }
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return get(auditor, path);
    }

    private HttpResponse<byte[]> get(TestClients.Client client, String path) throws Exception {
        return client.http().get(URI.create("http://localhost:" + port + path));
    }
}
