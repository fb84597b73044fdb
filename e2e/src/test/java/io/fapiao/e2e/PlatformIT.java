package io.fapiao.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fapiao.cli.platform.ApiClients;
import io.fapiao.cli.platform.PlatformClient;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.development.DevelopmentConsortiumPlan;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.proof.ProofReport;
import io.fapiao.proof.ProofVerifier;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The platform end to end, started the way a user starts it ({@code scripts/platform.sh up}: the node
 * and the three service jars as processes) and driven over HTTP: a hospital's bill goes in at the
 * his-adapter and comes out as an issued invoice whose downloaded document hashes to what the ledger
 * holds; a GM-sealed bill of another hospital does the same; a tampered envelope ends REJECTED with
 * its reason; a second claim of an invoice is refused; the auditor's provenance shows every on-chain
 * step and its proof bundle verifies offline and fails after one byte is changed.
 */
class PlatformIT {
    private static final Duration LIFECYCLE = Duration.ofSeconds(180);
    private static final String DESK = ApiClients.DESK;
    private static final String INSURER = ApiClients.INSURER;
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();

    static RunningPlatform running;
    static PlatformClient platform;

    @BeforeAll
    static void start() throws Exception {
        running = RunningPlatform.start(Path.of("target", "e2e-platform").toAbsolutePath(), 27000);
        platform = running.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void anIntlBillBecomesAnIssuedInvoiceWhoseDocumentMatchesTheLedgerAndIsClaimedOnce() throws Exception {
        String hospital = DevelopmentConsortiumPlan.hospitals().get(0);
        String billKey = platform.submitBill(bill(hospital, 11));
        JsonNode issued = platform.awaitBillStatus(billKey, Set.of("ISSUED"), LIFECYCLE);
        String number = issued.get("invoiceNumber").stringValue();
        assertThat(statuses(issued)).containsSubsequence("RECEIVED", "SUBMITTED", "VERIFIED", "ISSUED");

        // The ledger, read as the auditor, holds the verdict and the invoice.
        FapiaoLedger auditor = platform.ledger(DevelopmentConsortiumPlan.AUDITOR_MSP, "auditor1");
        StoredBill stored = auditor.bill(BillKey.parse(billKey));
        assertThat(stored.bill().state()).isEqualTo(BillState.ISSUED);
        assertThat(stored.bill().verification().verdict()).isEqualTo("ACCEPTED");
        InvoiceRecord invoice = auditor.invoice(number);

        // The finance bureau's own record of its verdict.
        JsonNode verdict = get(platform.financeVerifier("/v1/verdicts/" + billKey));
        assertThat(verdict.get("verdict").stringValue()).isEqualTo("ACCEPTED");

        // The document as the issuer serves it hashes to the ledger's documentHash; the PDF is a PDF.
        URI document = platform.issuerApi("/v1/invoices/" + number + "/document");
        HttpResponse<byte[]> signedJson = platform.signedGet(DESK, document, "application/json");
        assertThat(signedJson.statusCode()).as(new String(signedJson.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(sha256(signedJson.body())).isEqualTo(invoice.documentHash());
        HttpResponse<byte[]> pdf = platform.signedGet(DESK, document, "application/pdf");
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        // The public verification answers without authentication.
        JsonNode view = PlatformClient.json(platform.signedGet(DESK, platform.issuerApi("/v1/invoices/" + number),
                "application/json").body());
        JsonNode verification = get(platform.issuerApi("/v1/verify?number=" + number + "&checkCode="
                + view.get("checkCode").stringValue()));
        assertThat(verification.get("valid").booleanValue()).isTrue();

        // One claim; a second, by another claimant and key, is refused with the stable code.
        URI claims = platform.issuerApi("/v1/invoices/" + number + "/claims");
        HttpResponse<byte[]> claim = platform.signedPost(INSURER, claims,
                "{\"claimantId\":\"POLICY-" + RUN + "\",\"purpose\":\"outpatient reimbursement\"}");
        assertThat(claim.statusCode()).as(new String(claim.body(), StandardCharsets.UTF_8)).isBetween(200, 201);
        HttpResponse<byte[]> second = platform.signedPost(INSURER, claims,
                "{\"claimantId\":\"EMPLOYER-" + RUN + "\",\"purpose\":\"expense claim\"}");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(PlatformClient.json(second.body()).get("code").stringValue()).isEqualTo("ALREADY_CLAIMED");

        // The auditor's provenance, asked by invoice number: every on-chain step, signed and in order.
        JsonNode timeline = get(platform.financeVerifier("/v1/provenance/" + number));
        assertThat(timeline.get("billKey").stringValue()).isEqualTo(billKey);
        List<String> functions = timeline.get("steps").valueStream().map(st -> st.get("function").stringValue())
                .toList();
        assertThat(functions).containsSubsequence("SubmitBill", "RecordVerification", "IssueInvoice", "ClaimInvoice");
        timeline.get("steps").valueStream().forEach(step -> {
            assertThat(step.get("txId").stringValue()).isNotBlank();
            assertThat(step.get("blockNumber").longValue()).isPositive();
            assertThat(step.get("signaturesValid").booleanValue()).as("step %s", step).isTrue();
        });

        // The proof bundle verifies with no network, and fails, naming a check, after one byte changes.
        HttpResponse<byte[]> proof = platform.send("GET", platform.financeVerifier("/v1/provenance/" + billKey
                + "/proof"), new byte[0], Map.of());
        assertThat(proof.statusCode()).isEqualTo(200);
        ProofReport report = ProofVerifier.unpinned().verify(proof.body());
        assertThat(report.failures()).isEmpty();
        assertThat(report.verified()).isTrue();
        byte[] altered = proof.body().clone();
        int at = new String(altered, StandardCharsets.US_ASCII).indexOf("\"blocks\"") + 40;
        altered[at] = (byte) (altered[at] == 'A' ? 'B' : 'A');
        ProofReport broken = ProofVerifier.unpinned().verify(altered);
        assertThat(broken.verified()).isFalse();
        assertThat(broken.firstFailure()).isPresent();
    }

    @Test
    void aGmSealedBillOfAnotherHospitalIsVerifiedAndIssuedToo() throws Exception {
        String hospital = DevelopmentConsortiumPlan.hospitals().get(2);
        String billKey = platform.submitBill(bill(hospital, 12));
        JsonNode issued = platform.awaitBillStatus(billKey, Set.of("ISSUED"), LIFECYCLE);
        assertThat(issued.get("suite").stringValue()).isEqualTo("GM");
        FapiaoLedger auditor = platform.ledger(DevelopmentConsortiumPlan.AUDITOR_MSP, "auditor1");
        StoredBill stored = auditor.bill(BillKey.parse(billKey));
        assertThat(stored.envelope().header().suite()).isEqualTo(CryptoSuite.GM);
        assertThat(stored.bill().state()).isEqualTo(BillState.ISSUED);
    }

    @Test
    void aTamperedEnvelopeIsRecordedAndThenRejectedWithItsReason() throws Exception {
        String billKey = platform.submitTampered(bill(DevelopmentConsortiumPlan.hospitals().get(1), 13));
        FapiaoLedger auditor = platform.ledger(DevelopmentConsortiumPlan.AUDITOR_MSP, "auditor1");
        await().atMost(LIFECYCLE).pollInterval(Duration.ofMillis(500))
                .until(() -> auditor.bill(BillKey.parse(billKey)).bill().state() == BillState.REJECTED);
        StoredBill stored = auditor.bill(BillKey.parse(billKey));
        assertThat(stored.bill().verification().reasonCodes()).contains("DECRYPTION_FAILED");
        JsonNode verdict = get(platform.financeVerifier("/v1/verdicts/" + billKey));
        assertThat(verdict.get("verdict").stringValue()).isEqualTo("REJECTED");
    }

    @Test
    void anEnterprisesOwnInvoiceRequestIsVerifiedAndIssued() throws Exception {
        InvoiceRequest request = SampleBills.invoiceRequest(14, DevelopmentConsortiumPlan.enterprise());
        String json = new String(io.fapiao.protocol.json.CanonicalJson.encode(new InvoiceRequest(
                "E2E-" + RUN + "-REQ", request.seller(), request.buyer(),
                OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(1)
                        .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx")),
                request.lines(), request.totalAmount(), request.totalTax(), request.totalWithTax(), request.remarks())),
                StandardCharsets.UTF_8);
        HttpResponse<byte[]> accepted = platform.signedPost(ApiClients.ERP, platform.issuerApi("/v1/invoices"),
                "{\"invoiceRequest\":" + json + "}");
        assertThat(accepted.statusCode()).as(new String(accepted.body(), StandardCharsets.UTF_8)).isEqualTo(202);
        String billKey = PlatformClient.json(accepted.body()).get("billKey").stringValue();

        URI status = platform.issuerApi("/v1/requests/" + billKey);
        await().atMost(LIFECYCLE).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode view = PlatformClient.json(platform.signedGet(ApiClients.ERP, status, "application/json").body());
            assertThat(view.get("status").stringValue()).isNotIn("REJECTED", "FAILED");
            return "ISSUED".equals(view.get("status").stringValue());
        });
        FapiaoLedger auditor = platform.ledger(DevelopmentConsortiumPlan.AUDITOR_MSP, "auditor1");
        StoredBill stored = auditor.bill(BillKey.parse(billKey));
        assertThat(stored.envelope().header().carriesInvoiceRequest()).isTrue();
        assertThat(stored.bill().state()).isEqualTo(BillState.ISSUED);
    }

    // ---- helpers ----

    /** A realistic outpatient bill of {@code hospital}, dated now under an id unique to this run. */
    private static Bill bill(String hospital, long seed) {
        return SampleBills.outpatient(seed, hospital).reissued("E2E-" + RUN + "-" + seed,
                OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(1));
    }

    private static JsonNode get(URI uri) throws Exception {
        HttpResponse<byte[]> response = platform.send("GET", uri, new byte[0], Map.of());
        assertThat(response.statusCode()).as("GET %s: %s", uri, new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return PlatformClient.json(response.body());
    }

    private static List<String> statuses(JsonNode view) {
        return view.get("transitions").valueStream().map(t -> t.get("status").stringValue()).toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
