package io.fapiao.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.development.DevelopmentConsortiumPlan;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.service.httpsig.HttpMessage;
import io.fapiao.service.httpsig.MessageSigner;
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
import java.util.UUID;
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
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();

    static RunningPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = RunningPlatform.start(Path.of("target", "e2e-platform").toAbsolutePath(), 27000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void anIntlBillBecomesAnIssuedInvoiceWhoseDocumentMatchesTheLedgerAndIsClaimedOnce() throws Exception {
        String hospital = DevelopmentConsortiumPlan.hospitals().get(0);
        Bill bill = bill(hospital, 11);
        String billKey = submit(bill);
        JsonNode issued = awaitStatus(billKey, "ISSUED");
        String number = issued.get("invoiceNumber").stringValue();
        assertThat(statuses(issued)).containsSubsequence("RECEIVED", "SUBMITTED", "VERIFIED", "ISSUED");

        // The ledger, read as the auditor, holds the verdict and the invoice.
        FapiaoLedger auditor = platform.ledger(DevelopmentConsortiumPlan.AUDITOR_MSP, "auditor1");
        StoredBill stored = auditor.bill(BillKey.parse(billKey));
        assertThat(stored.bill().state()).isEqualTo(BillState.ISSUED);
        assertThat(stored.bill().verification().verdict()).isEqualTo("ACCEPTED");
        InvoiceRecord invoice = auditor.invoice(number);

        // The finance bureau's own record of its verdict.
        JsonNode verdict = RunningPlatform.json(platform.get(platform.financeVerifier("/v1/verdicts/" + billKey)));
        assertThat(verdict.get("verdict").stringValue()).isEqualTo("ACCEPTED");

        // The document as the issuer serves it hashes to the ledger's documentHash; the PDF is a PDF.
        HttpResponse<byte[]> document = signedGet("billing-desk",
                platform.issuerApi("/v1/invoices/" + number + "/document"), "application/json");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(sha256(document.body())).isEqualTo(invoice.documentHash());
        HttpResponse<byte[]> pdf = signedGet("billing-desk",
                platform.issuerApi("/v1/invoices/" + number + "/document"), "application/pdf");
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        // The public verification answers without authentication.
        JsonNode invoiceView = Json.readTree(signedGet("billing-desk", platform.issuerApi("/v1/invoices/" + number),
                "application/json").body());
        String checkCode = invoiceView.get("checkCode").stringValue();
        JsonNode verification = RunningPlatform.json(platform.get(
                platform.issuerApi("/v1/verify?number=" + number + "&checkCode=" + checkCode)));
        assertThat(verification.get("valid").booleanValue()).isTrue();

        // One claim; a second, by another purpose and key, is refused with the stable code.
        HttpResponse<String> claim = signedPost("insurer", platform.issuerApi("/v1/invoices/" + number
                + "/claims"), "{\"claimantId\":\"POLICY-" + RUN + "\",\"purpose\":\"outpatient reimbursement\"}");
        assertThat(claim.statusCode()).isBetween(200, 201);
        HttpResponse<String> second = signedPost("insurer", platform.issuerApi("/v1/invoices/" + number
                + "/claims"), "{\"claimantId\":\"EMPLOYER-" + RUN + "\",\"purpose\":\"expense claim\"}");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(RunningPlatform.json(second).get("code").stringValue()).isEqualTo("ALREADY_CLAIMED");
    }

    @Test
    void aGmSealedBillOfAnotherHospitalIsVerifiedAndIssuedToo() throws Exception {
        String hospital = DevelopmentConsortiumPlan.hospitals().get(2);
        String billKey = submit(bill(hospital, 12));
        JsonNode issued = awaitStatus(billKey, "ISSUED");
        assertThat(issued.get("suite").stringValue()).isEqualTo("GM");
        FapiaoLedger auditor = platform.ledger(DevelopmentConsortiumPlan.AUDITOR_MSP, "auditor1");
        StoredBill stored = auditor.bill(BillKey.parse(billKey));
        assertThat(stored.envelope().header().suite()).isEqualTo(CryptoSuite.GM);
        assertThat(stored.bill().state()).isEqualTo(BillState.ISSUED);
    }

    @Test
    void aTamperedEnvelopeIsRecordedAndThenRejectedWithItsReason() throws Exception {
        // A compromised HIS submits straight to the ledger: the header and signature hold, so the
        // contract stores it; one flipped byte of the ciphertext is only visible to a recipient.
        String hospital = DevelopmentConsortiumPlan.hospitals().get(1);
        Identity hospital1 = platform.identity(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1");
        SealedBill sealed = BillSealer.seal(bill(hospital, 13), hospital1.signer(), List.of(
                platform.identity(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1").certificate(),
                platform.identity(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1").certificate()));
        SealedBill tampered = SealedBill.fromJson(flipCiphertextByte(sealed.toJson()));
        FapiaoLedger submitter = platform.ledger(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1");
        String billKey = submitter.submitBill(tampered).value().billKey();

        FapiaoLedger auditor = platform.ledger(DevelopmentConsortiumPlan.AUDITOR_MSP, "auditor1");
        await().atMost(LIFECYCLE).pollInterval(Duration.ofMillis(500))
                .until(() -> auditor.bill(BillKey.parse(billKey)).bill().state() == BillState.REJECTED);
        StoredBill stored = auditor.bill(BillKey.parse(billKey));
        assertThat(stored.bill().verification().reasonCodes()).contains("DECRYPTION_FAILED");
        JsonNode verdict = RunningPlatform.json(platform.get(platform.financeVerifier("/v1/verdicts/" + billKey)));
        assertThat(verdict.get("verdict").stringValue()).isEqualTo("REJECTED");
    }

    // ---- helpers ----

    /** A realistic outpatient bill of {@code hospital}, dated now under an id unique to this run. */
    private static Bill bill(String hospital, long seed) {
        return SampleBills.outpatient(seed, hospital).reissued("E2E-" + RUN + "-" + seed,
                OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(1));
    }

    private static String submit(Bill bill) throws Exception {
        String json = new String(bill.toCanonicalJson(), StandardCharsets.UTF_8);
        HttpResponse<String> accepted = platform.post(platform.hisAdapter("/v1/bills"), json,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return RunningPlatform.json(accepted).get("billKey").stringValue();
    }

    private static JsonNode awaitStatus(String billKey, String status) throws Exception {
        URI url = platform.hisAdapter("/v1/bills/" + billKey);
        await().atMost(LIFECYCLE).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode view = RunningPlatform.json(platform.get(url));
            assertThat(view.get("status").stringValue()).as("bill %s", billKey).isNotIn("FAILED", "REJECTED");
            return status.equals(view.get("status").stringValue());
        });
        return RunningPlatform.json(platform.get(url));
    }

    private static List<String> statuses(JsonNode view) {
        return view.get("transitions").valueStream().map(t -> t.get("status").stringValue()).toList();
    }

    private static byte[] flipCiphertextByte(byte[] sealedJson) throws Exception {
        JsonNode tree = Json.readTree(sealedJson);
        String ciphertext = tree.get("payload").get("ciphertext").stringValue();
        char[] chars = ciphertext.toCharArray();
        int middle = chars.length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        String json = new String(sealedJson, StandardCharsets.UTF_8).replace(ciphertext, new String(chars));
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<byte[]> signedGet(String client, URI uri, String accept) throws Exception {
        Map<String, String> headers = sign(client, "GET", uri, new byte[0], Map.of("Accept", accept));
        return platform.getBytes(uri, headers);
    }

    private static HttpResponse<String> signedPost(String client, URI uri, String json) throws Exception {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("Content-Type", "application/json");
        fields.put("Idempotency-Key", UUID.randomUUID().toString());
        Map<String, String> headers = sign(client, "POST", uri, json.getBytes(StandardCharsets.UTF_8), fields);
        return platform.post(uri, json, headers);
    }

    /** The request's fields plus its RFC 9421 signature by a registered REST client of the issuer API. */
    private static Map<String, String> sign(String client, String method, URI uri, byte[] body,
            Map<String, String> fields) throws Exception {
        Identity identity = platform.apiClient(client);
        MessageSigner signer = MessageSigner.of(identity.signer(), CryptoSuite.INTL.fingerprint(identity.certificate()));
        Map<String, List<String>> lines = new java.util.LinkedHashMap<>();
        fields.forEach((name, value) -> lines.put(name, List.of(value)));
        Map<String, String> headers = new java.util.LinkedHashMap<>(fields);
        headers.putAll(signer.sign(HttpMessage.request(method, uri, lines, body)).asMap());
        headers.remove("Content-Type"); // RunningPlatform.post sets it
        return headers;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
