package io.fapiao.issuer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.httpsig.ContentDigest;
import io.fapiao.httpsig.HttpMessage;
import io.fapiao.httpsig.MessageSigner;
import io.fapiao.issuer.auth.ClientRegistry;
import io.fapiao.issuer.document.DocumentFormat;
import io.fapiao.issuer.rendering.DocumentRendering;
import io.fapiao.issuer.rendering.Rendition;
import io.fapiao.issuer.rendering.Renditions;
import io.fapiao.ledger.client.provenance.ProvenanceReader;
import io.fapiao.proof.ProofBundle;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.CheckCodeDigest;
import io.fapiao.protocol.ledger.InvoiceNumber;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.service.testing.TestDatabases;
import io.fapiao.service.work.WorkerPool;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The issuer API over real HTTP, signed by registered clients, against a real embedded ledger and an
 * H2 file database: authentication and its refusals, roles, idempotent issuance, documents, public
 * verification, claims, reversal, the OpenAPI document and an enterprise's invoice request from
 * submission to issuance.
 */
class IssuerApiIT {
    @TempDir
    static Path dir;

    static IssuerPlatform platform;
    static ConfigurableApplicationContext service;
    static SignedHttp desk;
    static SignedHttp shop;
    static SignedHttp insurer;

    @BeforeAll
    static void start() throws Exception {
        platform = IssuerPlatform.start(dir);
        service = platform.startService(TestDatabases.h2(dir.resolve("db")), true);
        desk = platform.http(service, platform.issuerClient);
        shop = platform.http(service, platform.enterpriseClient);
        insurer = platform.http(service, platform.claimantClient);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return Json.readTree(response.body());
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static void assertProblem(HttpResponse<byte[]> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("code").stringValue()).as(text(response)).isEqualTo(code);
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    static String issueBody(BillKey bill) {
        return "{\"billKey\":\"" + bill + "\"}";
    }

    /** Issues a verified bill over the API and returns the invoice. */
    static JsonNode issued(long seed) throws Exception {
        BillKey bill = platform.verifiedBill(seed);
        HttpResponse<byte[]> response = desk.post("/v1/invoices", key(), issueBody(bill));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(201);
        return json(response);
    }

    /**
     * GET of a document rendition as a client does it: while the answer is 202 (being rendered), asks
     * again after its Retry-After, for a bounded time.
     */
    static HttpResponse<byte[]> rendered(SignedHttp client, String path, String accept) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        HttpResponse<byte[]> response = client.get(path, accept);
        while (response.statusCode() == 202 && System.nanoTime() < deadline) {
            long seconds =
                    Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
            Thread.sleep(Duration.ofSeconds(Math.min(seconds, 5)));
            response = client.get(path, accept);
        }
        return response;
    }

    // --- authentication -------------------------------------------------------------------------

    @Test
    void anUnsignedRequestIsRefusedWithAHintWhatToSign() throws Exception {
        HttpResponse<byte[]> response = SignedHttp.anonymousGet(desk.uri("/v1/invoices/44010126-0000000001"));
        assertProblem(response, 401, "SIGNATURE_MISSING");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Signature"));
        assertThat(response.headers().firstValue("Accept-Signature"))
                .hasValue("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created;keyid;nonce");
    }

    @Test
    void aSignatureByAnotherKeyUnderARegisteredKeyIdIsRefused() throws Exception {
        MessageSigner forger = MessageSigner.of(
                platform.strangerClient.signer(), ClientRegistry.keyId(platform.issuerClient.certificate()));
        HttpResponse<byte[]> response = desk.with(forger)
                .post("/v1/invoices", key(), issueBody(new BillKey(IssuerPlatform.HOSPITAL, "MZ-FORGED")));
        assertProblem(response, 401, "SIGNATURE_INVALID");
    }

    @Test
    void aTamperedBodyIsRefused() throws Exception {
        HttpMessage signed =
                desk.signed("POST", "/v1/invoices", key(), issueBody(new BillKey(IssuerPlatform.HOSPITAL, "MZ-1")));
        HttpMessage tampered = HttpMessage.request(
                "POST",
                signed.targetUri(),
                signed.fields(),
                issueBody(new BillKey(IssuerPlatform.HOSPITAL, "MZ-2")).getBytes(StandardCharsets.UTF_8));
        assertProblem(SignedHttp.sendAsIs(tampered), 401, "DIGEST_MISMATCH");
        // re-digesting the new body does not help: the digest field is signed
        byte[] other = issueBody(new BillKey(IssuerPlatform.HOSPITAL, "MZ-3")).getBytes(StandardCharsets.UTF_8);
        HttpMessage redigested = HttpMessage.request("POST", signed.targetUri(), signed.fields(), other)
                .withField("Content-Digest", ContentDigest.sha256(other));
        assertProblem(SignedHttp.sendAsIs(redigested), 401, "SIGNATURE_INVALID");
    }

    @Test
    void anExpiredSignatureIsRefused() throws Exception {
        HttpResponse<byte[]> response = desk.at(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)))
                .get("/v1/invoices/44010126-0000000001", null);
        assertProblem(response, 401, "SIGNATURE_EXPIRED");
    }

    @Test
    void anUnregisteredClientIsRefused() throws Exception {
        HttpResponse<byte[]> response =
                platform.http(service, platform.strangerClient).get("/v1/invoices/44010126-0000000001", null);
        assertProblem(response, 401, "UNKNOWN_KEY");
    }

    @Test
    void aReplayedRequestIsRefused() throws Exception {
        HttpMessage signed = desk.signer()
                .signed(HttpMessage.request(
                        "GET",
                        desk.uri("/v1/requests/" + IssuerPlatform.ENTERPRISE + ":NOPE"),
                        java.util.Map.of(),
                        null));
        assertThat(SignedHttp.sendAsIs(signed).statusCode()).isEqualTo(404);
        assertProblem(SignedHttp.sendAsIs(signed), 401, "SIGNATURE_REPLAYED");
    }

    @Test
    void aClientWithoutTheRoleIsForbidden() throws Exception {
        BillKey bill = platform.verifiedBill(901);
        assertProblem(insurer.post("/v1/invoices", key(), issueBody(bill)), 403, "ROLE_REQUIRED");
        assertProblem(
                shop.post("/v1/invoices/44010126-0000000001/reversal", key(), "{\"reasonCode\":\"SALES_RETURN\"}"),
                403,
                "ROLE_REQUIRED");
        assertProblem(
                desk.post(
                        "/v1/invoices/44010126-0000000001/claims", key(), "{\"claimantId\":\"P-1\",\"purpose\":\"x\"}"),
                403,
                "ROLE_REQUIRED");
    }

    // --- issuing, idempotently ----------------------------------------------------------------------

    @Test
    void aRetryWithTheSameKeyReturnsTheFirstResponseAndNeverIssuesTwice() throws Exception {
        BillKey bill = platform.verifiedBill(902);
        String idempotencyKey = key();
        HttpResponse<byte[]> first = desk.post("/v1/invoices", idempotencyKey, issueBody(bill));
        assertThat(first.statusCode()).as(text(first)).isEqualTo(201);
        String number = json(first).get("invoiceNumber").stringValue();
        assertThat(first.headers().firstValue("Location")).hasValue("/v1/invoices/" + number);

        HttpResponse<byte[]> retry = desk.post("/v1/invoices", idempotencyKey, issueBody(bill));
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");

        // the same key for another request is refused; a new key for the same bill finds the same invoice
        assertProblem(
                desk.post("/v1/invoices", idempotencyKey, issueBody(platform.verifiedBill(903))),
                409,
                "IDEMPOTENCY_KEY_REUSED");
        HttpResponse<byte[]> again = desk.post("/v1/invoices", key(), issueBody(bill));
        assertThat(json(again).get("invoiceNumber").stringValue()).isEqualTo(number);

        BillRecord onLedger = platform.auditor().bill(bill).bill();
        assertThat(onLedger.state()).isEqualTo(BillState.ISSUED);
        assertThat(onLedger.invoiceNumber()).isEqualTo(number);
        assertProblem(desk.post("/v1/invoices", null, issueBody(bill)), 400, "IDEMPOTENCY_KEY_REQUIRED");
    }

    @Test
    void anUnverifiedBillIsNotIssued() throws Exception {
        BillKey bill = platform.submittedBill(904);
        assertProblem(desk.post("/v1/invoices", key(), issueBody(bill)), 409, "BILL_NOT_VERIFIED");
        assertProblem(
                desk.post("/v1/invoices", key(), "{\"billKey\":\"x\",\"invoiceRequest\":{}}"), 422, "INVALID_REQUEST");
    }

    @Test
    void theDocumentsHashIsTheLedgersAndTheInvoiceVerifiesPublicly() throws Exception {
        JsonNode invoice = issued(905);
        String number = invoice.get("invoiceNumber").stringValue();

        HttpResponse<byte[]> read = insurer.get("/v1/invoices/" + number, null);
        assertThat(read.statusCode()).as(text(read)).isEqualTo(200);
        assertThat(json(read).get("state").stringValue()).isEqualTo("ISSUED");

        HttpResponse<byte[]> signedJson = desk.get("/v1/invoices/" + number + "/document", "application/json");
        assertThat(signedJson.statusCode()).isEqualTo(200);
        String hash =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signedJson.body()));
        InvoiceRecord onLedger = platform.auditor().invoice(number);
        assertThat(hash)
                .isEqualTo(onLedger.documentHash())
                .isEqualTo(invoice.get("documentHash").stringValue());

        HttpResponse<byte[]> pdf = rendered(desk, "/v1/invoices/" + number + "/document", "application/pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(desk.get("/v1/invoices/" + number + "/document", "application/pdf")
                        .body())
                .isEqualTo(pdf.body());

        String checkCode = invoice.get("checkCode").stringValue();
        HttpResponse<byte[]> valid =
                SignedHttp.anonymousGet(desk.uri("/v1/verify?number=" + number + "&checkCode=" + checkCode));
        assertThat(valid.statusCode()).isEqualTo(200);
        JsonNode result = json(valid);
        assertThat(result.get("valid").booleanValue()).isTrue();
        assertThat(result.get("state").stringValue()).isEqualTo("ISSUED");
        assertThat(result.get("documentHash").stringValue()).isEqualTo(hash);
        assertThat(result.has("billKey"))
                .as("nothing about the bill or the payer")
                .isFalse();
        // As printed: bill code and number apart, the check code in groups of four.
        InvoiceNumber printed = InvoiceNumber.parse("number", number);
        assertThat(printed.form()).isEqualTo(InvoiceNumber.Form.BILL_CODE);
        JsonNode asPrinted = json(SignedHttp.anonymousGet(desk.uri("/v1/verify?code=" + printed.billCode() + "&number="
                + printed.serial() + "&checkCode=" + checkCode.replaceAll("(.{4})(?!$)", "$1%20"))));
        assertThat(asPrinted.get("valid").booleanValue()).isTrue();
        assertThat(asPrinted.get("invoiceNumber").stringValue()).isEqualTo(number);
        assertProblem(
                SignedHttp.anonymousGet(desk.uri(
                        "/v1/verify?code=" + printed.billCode() + "&number=" + number + "&checkCode=" + checkCode)),
                400,
                "INVALID_PARAMETER");

        // The ledger holds the check code's digest, never the code: not in the invoice's record, not in a
        // proof bundle (its records, nor its blocks' transactions with their arguments and write sets).
        assertThat(CheckCodeDigest.FORM.matcher(onLedger.checkCodeDigest()).matches())
                .isTrue();
        assertThat(new String(CanonicalJson.encode(onLedger), StandardCharsets.UTF_8))
                .doesNotContain(checkCode);
        ProofBundle bundle = new ProvenanceReader(platform.auditor().ledger()).proofBundle(number);
        assertThat(new String(bundle.toJson(), StandardCharsets.UTF_8)).doesNotContain(checkCode);
        for (String block : bundle.blocks()) {
            assertThat(new String(Base64Url.decode("block", block), StandardCharsets.ISO_8859_1))
                    .doesNotContain(checkCode);
        }
        // What every ledger reader sees is no check code: the digest presented as one is refused.
        assertProblem(
                SignedHttp.anonymousGet(
                        desk.uri("/v1/verify?number=" + number + "&checkCode=" + onLedger.checkCodeDigest())),
                400,
                "INVALID_PARAMETER");

        String wrong = checkCode.substring(0, checkCode.length() - 1) + (checkCode.endsWith("0") ? "1" : "0");
        JsonNode invalid =
                json(SignedHttp.anonymousGet(desk.uri("/v1/verify?number=" + number + "&checkCode=" + wrong)));
        assertThat(invalid.get("valid").booleanValue()).isFalse();
        assertThat(invalid.has("documentHash")).isFalse();
        JsonNode unknown =
                json(SignedHttp.anonymousGet(desk.uri("/v1/verify?number=ZZ99-2026-99999999&checkCode=" + wrong)));
        assertThat(CanonicalJson.encode(unknown))
                .as("an unknown number answers as a wrong check code")
                .isEqualTo(CanonicalJson.encode(
                        Json.readTree(("{\"valid\":false,\"invoiceNumber\":\"ZZ99-2026-99999999\"}")
                                .getBytes(StandardCharsets.UTF_8))));
        assertProblem(
                SignedHttp.anonymousGet(desk.uri("/v1/verify?number=bad&checkCode=" + wrong)),
                400,
                "INVALID_PARAMETER");

        // an enterprise reads only its own seller's invoices; this one is a hospital's
        assertProblem(shop.get("/v1/invoices/" + number, null), 404, "INVOICE_NOT_FOUND");
    }

    @Test
    void renditionsAreMadeOffTheIssuancePathAndADownloadBeforeThemIsToldToComeBack() throws Exception {
        WorkerPool renderers = service.getBean("renderers", WorkerPool.class);
        DocumentRendering rendering = service.getBean(DocumentRendering.class);
        Renditions renditions = service.getBean(Renditions.class);
        // The rendering workers held back: what issuance does on its own is all there is.
        renderers.stop();
        try {
            JsonNode invoice = issued(912);
            String number = invoice.get("invoiceNumber").stringValue();
            String path = "/v1/invoices/" + number + "/document";

            // Issued: the record is stored and its hash on the ledger; no rendition exists, one is queued.
            InvoiceRecord onLedger = platform.auditor().invoice(number);
            HttpResponse<byte[]> record = desk.get(path, "application/json");
            assertThat(record.statusCode()).isEqualTo(200);
            assertThat(sha256(record.body())).isEqualTo(onLedger.documentHash());
            assertThat(record.headers().firstValue("ETag")).hasValue("\"" + onLedger.documentHash() + "\"");
            assertThat(renditions.formats(number)).isEmpty();
            assertThat(rendering.queue().find(number)).isPresent();

            // A download before the rendering: waited for (download-wait), then 202 with Retry-After.
            HttpResponse<byte[]> early = desk.get(path, "application/pdf");
            assertProblem(early, 202, "DOCUMENT_RENDERING");
            assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
            assertProblem(desk.get(path + "?format=pdf", null), 202, "DOCUMENT_RENDERING");
            assertProblem(desk.get(path, null), 202, "DOCUMENT_RENDERING");

            // A format this issuer does not make for an INTL invoice: 406, naming those it does.
            HttpResponse<byte[]> ofd = desk.get(path, "application/ofd");
            assertProblem(ofd, 406, "FORMAT_UNAVAILABLE");
            assertThat(json(ofd).get("formats").valueStream().map(JsonNode::stringValue))
                    .containsExactly("json", "pdf");
            assertProblem(desk.get(path + "?format=ofd", null), 406, "FORMAT_UNAVAILABLE");
            assertProblem(desk.get(path + "?format=docx", null), 406, "FORMAT_UNAVAILABLE");
            assertThat(desk.get(path + "?format=json", "application/pdf").body())
                    .isEqualTo(record.body());
        } finally {
            renderers.start();
        }
    }

    @Test
    void theRenderedPdfCarriesTheLedgersRecordAndARenderingRunAgainMakesNothingNew() throws Exception {
        String number = issued(913).get("invoiceNumber").stringValue();
        String path = "/v1/invoices/" + number + "/document";
        HttpResponse<byte[]> pdf = rendered(desk, path, "application/pdf");
        assertThat(pdf.statusCode()).as(text(pdf)).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdf.headers().firstValue("ETag")).hasValue("\"" + sha256(pdf.body()) + "\"");
        InvoiceRecord onLedger = platform.auditor().invoice(number);
        try (PDDocument read = Loader.loadPDF(pdf.body())) {
            byte[] attached = read.getDocumentCatalog()
                    .getNames()
                    .getEmbeddedFiles()
                    .getNames()
                    .get("invoice-" + number + ".json")
                    .getEmbeddedFile()
                    .toByteArray();
            assertThat(sha256(attached)).isEqualTo(onLedger.documentHash());
        }

        // The item run again (a crash after the last rendition, an expired lease): nothing is rendered anew.
        DocumentRendering rendering = service.getBean(DocumentRendering.class);
        Renditions renditions = service.getBean(Renditions.class);
        Rendition before = renditions.find(number, DocumentFormat.PDF).orElseThrow();
        assertThat(rendering.render(number)).isEmpty();
        Rendition after = renditions.find(number, DocumentFormat.PDF).orElseThrow();
        assertThat(after.renderedAt()).isEqualTo(before.renderedAt());
        assertThat(after.content()).isEqualTo(pdf.body());
        assertThat(desk.get(path, "*/*").body()).isEqualTo(pdf.body());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void thePublicVerificationIsRateLimitedPerAddress() throws Exception {
        // From 127.0.0.2, an address of its own: the other tests' verifications (from 127.0.0.1) keep theirs.
        URI target = desk.uri("/v1/verify?number=44010126-9999999999&checkCode=00000000000000000000");
        int answered = 0;
        String refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            String answer = rawGetFrom("127.0.0.2", target);
            if (answer.startsWith("HTTP/1.1 429")) {
                refused = answer;
            } else {
                assertThat(answer).startsWith("HTTP/1.1 200");
                answered++;
            }
        }
        // The burst of 20, and the few tokens refilled (one a second) while the loop ran.
        assertThat(answered).as("the burst allowed first").isBetween(20, 25);
        assertThat(refused)
                .as("refused after the burst")
                .isNotNull()
                .containsIgnoringCase("Retry-After: ")
                .contains("\"code\":\"RATE_LIMITED\"");
        // Another address is not held back.
        assertThat(SignedHttp.anonymousGet(target).statusCode()).isEqualTo(200);
    }

    @Test
    void pathTricksNeverReachAProtectedHandlerUnauthenticated() throws Exception {
        URI base = desk.uri("/");
        for (String path : List.of(
                "/v1;x/invoices/44010126-0000000001",
                "/v1/verify/..;/invoices/44010126-0000000001",
                "/v1/%2e%2e/v1/invoices/44010126-0000000001",
                "/v1/verify/%2e%2e/invoices/44010126-0000000001",
                "//v1/invoices/44010126-0000000001",
                "/v1//invoices/44010126-0000000001",
                "/V1/invoices/44010126-0000000001",
                "/v1/invoices./44010126-0000000001",
                "/v1/verify%2f..%2finvoices/44010126-0000000001",
                "/actuator/metrics",
                "/actuator/env")) {
            String answer = rawGetFrom("127.0.0.1", URI.create("http://localhost:" + base.getPort() + path));
            assertThat(answer)
                    .as(path)
                    .containsPattern("^HTTP/1.1 (400|401|403|404)")
                    .containsIgnoringCase("Content-Type: application/problem+json")
                    .doesNotContain("\"invoiceNumber\"");
        }
    }

    private static String rawGetFrom(String localAddress, URI target) throws Exception {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress(localAddress, 0));
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", target.getPort()));
            socket.getOutputStream()
                    .write(("GET " + target.getRawPath()
                                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()) + " HTTP/1.1\r\n"
                                    + "Host: localhost\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // --- claims and reversal ------------------------------------------------------------------------

    @Test
    void anInvoiceIsClaimedOnceAndThenCannotBeReversed() throws Exception {
        String number = issued(906).get("invoiceNumber").stringValue();
        String claimKey = key();
        String body = "{\"claimantId\":\"POLICY-7781\",\"purpose\":\"outpatient reimbursement\"}";
        HttpResponse<byte[]> claimed = insurer.post("/v1/invoices/" + number + "/claims", claimKey, body);
        assertThat(claimed.statusCode()).as(text(claimed)).isEqualTo(201);
        assertThat(json(claimed).get("claimedBy").stringValue()).isEqualTo(IssuerPlatform.ISSUER_MSP);
        assertThat(insurer.post("/v1/invoices/" + number + "/claims", claimKey, body)
                        .body())
                .isEqualTo(claimed.body());

        HttpResponse<byte[]> second = insurer.post(
                "/v1/invoices/" + number + "/claims", key(), "{\"claimantId\":\"POLICY-9\",\"purpose\":\"again\"}");
        assertProblem(second, 409, "ALREADY_CLAIMED");
        assertThat(platform.auditor().invoice(number).claim().claimantId()).isEqualTo("POLICY-7781");

        assertThat(json(desk.get("/v1/invoices/" + number, null)).get("state").stringValue())
                .isEqualTo("CLAIMED");
        HttpResponse<byte[]> reversal =
                desk.post("/v1/invoices/" + number + "/reversal", key(), "{\"reasonCode\":\"SALES_RETURN\"}");
        assertThat(reversal.statusCode()).as(text(reversal)).isEqualTo(409);
        assertProblem(
                insurer.post(
                        "/v1/invoices/" + number + "/claims", key(), "{\"claimantId\":\"bad id\",\"purpose\":\"x\"}"),
                422,
                "INVALID_CLAIM");
    }

    @Test
    void aReversalIssuesARedLetterInvoiceOnce() throws Exception {
        String number = issued(907).get("invoiceNumber").stringValue();
        String reversalKey = key();
        HttpResponse<byte[]> reversed =
                desk.post("/v1/invoices/" + number + "/reversal", reversalKey, "{\"reasonCode\":\"SALES_RETURN\"}");
        assertThat(reversed.statusCode()).as(text(reversed)).isEqualTo(200);
        String red = json(reversed).get("redInvoiceNumber").stringValue();
        assertThat(red).isNotEqualTo(number);
        assertThat(desk.post("/v1/invoices/" + number + "/reversal", reversalKey, "{\"reasonCode\":\"SALES_RETURN\"}")
                        .body())
                .isEqualTo(reversed.body());

        assertThat(json(desk.get("/v1/invoices/" + number, null)).get("state").stringValue())
                .isEqualTo("REVERSED");
        JsonNode redInvoice = json(desk.get("/v1/invoices/" + red, null));
        assertThat(redInvoice.get("kind").stringValue()).isEqualTo("RED");
        assertThat(redInvoice.get("reverses").stringValue()).isEqualTo(number);
        assertThat(platform.auditor().invoice(number).reversal().redInvoiceNumber())
                .isEqualTo(red);
    }

    @Test
    void aReversalForAReasonOutsideTheRedLetterSetIsRefusedBeforeAnythingIsNumbered() throws Exception {
        String number = issued(911).get("invoiceNumber").stringValue();
        // A well-formed code that is not one of the four; then no code, and one in the wrong case.
        HttpResponse<byte[]> unknown =
                desk.post("/v1/invoices/" + number + "/reversal", key(), "{\"reasonCode\":\"CUSTOMER_CHANGED_MIND\"}");
        assertProblem(unknown, 422, "UNKNOWN_REVERSAL_REASON");
        assertThat(json(unknown).get("detail").stringValue())
                .contains("BILLING_ERROR", "SALES_RETURN", "SERVICE_SUSPENSION", "SALES_DISCOUNT");
        assertProblem(desk.post("/v1/invoices/" + number + "/reversal", key(), "{}"), 400, "MALFORMED");
        assertProblem(
                desk.post("/v1/invoices/" + number + "/reversal", key(), "{\"reasonCode\":\"sales_return\"}"),
                400,
                "MALFORMED");

        // Nothing happened: the invoice is still issued, here and on the ledger, with no red number taken.
        assertThat(json(desk.get("/v1/invoices/" + number, null)).get("state").stringValue())
                .isEqualTo("ISSUED");
        assertThat(platform.auditor().invoice(number).reversal()).isNull();
        HttpResponse<byte[]> reversed =
                desk.post("/v1/invoices/" + number + "/reversal", key(), "{\"reasonCode\":\"SERVICE_SUSPENSION\"}");
        assertThat(reversed.statusCode()).as(text(reversed)).isEqualTo(200);
        assertThat(platform.auditor().invoice(number).reversal().reasonCode()).isEqualTo("SERVICE_SUSPENSION");
    }

    // --- invoice requests ---------------------------------------------------------------------------

    @Test
    void anEnterprisesInvoiceRequestIsVerifiedAndIssued() throws Exception {
        var request = IssuerPlatform.invoiceRequest(908, IssuerPlatform.ENTERPRISE);
        String body = "{\"invoiceRequest\":" + new String(CanonicalJson.encode(request), StandardCharsets.UTF_8) + "}";
        String requestKey = key();
        HttpResponse<byte[]> accepted = shop.post("/v1/invoices", requestKey, body);
        assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(202);
        JsonNode status = json(accepted);
        String billKey = status.get("billKey").stringValue();
        assertThat(billKey).isEqualTo(IssuerPlatform.ENTERPRISE + ":" + request.requestId());
        assertThat(status.get("status").stringValue()).isEqualTo("SUBMITTED");
        assertThat(accepted.headers().firstValue("Location")).hasValue("/v1/requests/" + billKey);
        assertThat(shop.post("/v1/invoices", requestKey, body).body()).isEqualTo(accepted.body());

        BillRecord submitted = platform.auditor().bill(BillKey.parse(billKey)).bill();
        assertThat(submitted.billCode()).isEqualTo("VAT-REQUEST");
        assertThat(submitted.submitted().mspId()).isEqualTo(IssuerPlatform.ISSUER_MSP);

        platform.accept(BillKey.parse(billKey)); // the finance bureau's verdict, as verifier1
        JsonNode issued = null;
        for (int i = 0; i < 300 && issued == null; i++) {
            JsonNode now = json(shop.get("/v1/requests/" + billKey, null));
            if (now.get("status").stringValue().equals("ISSUED")) {
                issued = now;
            } else {
                Thread.sleep(100);
            }
        }
        assertThat(issued)
                .as("the engine issues the verified request from the BillVerified event")
                .isNotNull();
        String number = issued.get("invoiceNumber").stringValue();
        JsonNode invoice = json(shop.get("/v1/invoices/" + number, null));
        assertThat(invoice.get("billKey").stringValue()).isEqualTo(billKey);

        // another seller's request, and a request id reused for other content
        var foreign = IssuerPlatform.invoiceRequest(909, SampleBills.uscc(1));
        assertProblem(
                shop.post(
                        "/v1/invoices",
                        key(),
                        "{\"invoiceRequest\":" + new String(CanonicalJson.encode(foreign), StandardCharsets.UTF_8)
                                + "}"),
                403,
                "SELLER_MISMATCH");
        var changed = IssuerPlatform.invoiceRequest(910, IssuerPlatform.ENTERPRISE);
        String reused = new String(CanonicalJson.encode(changed), StandardCharsets.UTF_8)
                .replace(changed.requestId(), request.requestId());
        assertProblem(shop.post("/v1/invoices", key(), "{\"invoiceRequest\":" + reused + "}"), 409, "REQUEST_CONFLICT");
        assertProblem(insurer.get("/v1/requests/" + billKey, null), 403, "ROLE_REQUIRED");
    }

    // --- the API's description ---------------------------------------------------------------------

    @Test
    void theOpenApiDocumentListsEveryEndpointAndTheUiIsServed() throws Exception {
        HttpResponse<byte[]> docs = SignedHttp.anonymousGet(desk.uri("/v3/api-docs"));
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode paths = json(docs).get("paths");
        assertThat(paths.propertyNames())
                .containsExactlyInAnyOrder(
                        "/v1/invoices",
                        "/v1/invoices/{number}",
                        "/v1/invoices/{number}/document",
                        "/v1/invoices/{number}/reversal",
                        "/v1/invoices/{number}/claims",
                        "/v1/verify",
                        "/v1/requests/{billKey}",
                        "/v1/admin/reconcile",
                        "/v1/numbering/report");
        assertThat(paths.get("/v1/invoices").has("post")).isTrue();
        assertThat(json(docs).get("components").get("securitySchemes").has("httpMessageSignature"))
                .isTrue();
        HttpResponse<byte[]> ui = SignedHttp.anonymousGet(desk.uri("/swagger-ui.html"));
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(text(ui)).contains("swagger");
        assertThat(SignedHttp.anonymousGet(desk.uri("/actuator/health")).statusCode())
                .isEqualTo(200);
    }
}
