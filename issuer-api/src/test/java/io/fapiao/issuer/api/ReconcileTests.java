package io.fapiao.issuer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.issuer.document.DocumentFormat;
import io.fapiao.issuer.document.SignedInvoiceDocument;
import io.fapiao.issuer.issuance.Issuance;
import io.fapiao.issuer.issuance.IssuanceState;
import io.fapiao.issuer.issuance.IssuanceStatus;
import io.fapiao.issuer.issuance.ReversalStatus;
import io.fapiao.issuer.numbering.NumberState;
import io.fapiao.issuer.numbering.Numbering;
import io.fapiao.issuer.reconcile.IssuanceReconciler;
import io.fapiao.issuer.rendering.Renditions;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.service.reconcile.Disagreement;
import io.fapiao.service.reconcile.ReconcileReport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code POST /v1/admin/reconcile} of the issuer API, signed as its REST clients sign, against a real
 * embedded ledger and a real database (the subclasses name it): bills are issued (and one reversed)
 * by the running service from the ledger's events, then its records are made to disagree with the
 * ledger as a crash or a lost write would leave them (a document lost, an issuance lost, a number not
 * marked used, a reversal and its red-letter document lost); the reconciliation names each by its
 * kind, repairs it from the ledger (the lost documents made again byte for byte) and finds nothing
 * afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReconcileTests {
    @TempDir
    static Path dir;

    private IssuerPlatform platform;
    private ConfigurableApplicationContext service;
    private SignedHttp desk;
    private FapiaoLedger ledger;

    /** The database properties of a fresh database. */
    abstract Map<String, String> database();

    @BeforeAll
    void start() throws Exception {
        platform = IssuerPlatform.start(dir);
        service = platform.startService(database(), true);
        desk = platform.http(service, platform.issuerClient);
        ledger = platform.ledger.client(IssuerPlatform.ISSUER_MSP, "issuer1");
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void onlyASignedRequestOfAnIssuerClientMayReconcile() throws Exception {
        HttpResponse<byte[]> claimant = platform.http(service, platform.claimantClient)
                .post("/v1/admin/reconcile", UUID.randomUUID().toString(), "");
        assertThat(claimant.statusCode()).isEqualTo(403);
        assertThat(Json.readTree(claimant.body()).get("code").asString()).isEqualTo("ROLE_REQUIRED");
        HttpResponse<byte[]> anonymous = SignedHttp.sendAsIs(
                io.fapiao.httpsig.HttpMessage.request("POST", desk.uri("/v1/admin/reconcile"), Map.of(), new byte[0]));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void recordsThatDisagreeWithTheLedgerAreReportedRepairedFromItAndThenAgree() throws Exception {
        Issuance issuance = service.getBean(Issuance.class);
        BillKey docLost = platform.verifiedBill(7101);
        BillKey issuanceLost = platform.verifiedBill(7102);
        BillKey reversed = platform.verifiedBill(7103);
        String docLostNumber = awaitIssued(issuance, docLost).invoiceNumber();
        IssuanceStatus issuanceLostBefore = awaitIssued(issuance, issuanceLost);
        String issuanceLostNumber = issuanceLostBefore.invoiceNumber();
        IssuanceStatus reversedBefore = awaitIssued(issuance, reversed);
        String blue = reversedBefore.invoiceNumber();
        ReversalStatus reversal = issuance.reverse(blue, "SALES_RETURN");
        String red = reversal.redInvoiceNumber();

        ReconcileReport clean = reconcile(false);
        assertThat(clean.disagreements()).isEmpty();
        assertThat(clean.checked()).isEqualTo(3);

        // What a crash or a lost write leaves behind (the lost documents' renditions lost with them, once made).
        Renditions renditions = service.getBean(Renditions.class);
        awaitRendered(renditions, docLostNumber);
        awaitRendered(renditions, red);
        JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
        jdbc.update("delete from invoice_rendition where invoice_number in (?, ?)", docLostNumber, red);
        jdbc.update("delete from invoice_document where invoice_number = ?", docLostNumber);
        jdbc.update("delete from issuance where bill_key = ?", issuanceLost.toString());
        jdbc.update("update invoice_number set state = 'TAKEN' where invoice_number = ?", issuanceLostNumber);
        jdbc.update("delete from reversal where invoice_number = ?", blue);
        jdbc.update("update issuance set check_code = '00000000000000000000' where bill_key = ?", reversed.toString());
        jdbc.update("delete from invoice_document where invoice_number = ?", red);
        assertThat(desk.get("/v1/invoices/" + docLostNumber + "/document", "application/json")
                        .statusCode())
                .isEqualTo(404);

        ReconcileReport found = reconcile(false);
        assertThat(kinds(found, docLostNumber)).containsExactly(IssuanceReconciler.DOCUMENT_MISSING);
        assertThat(kinds(found, issuanceLost.toString())).containsExactly(IssuanceReconciler.ISSUANCE_MISSING);
        assertThat(kinds(found, issuanceLostNumber)).containsExactly(IssuanceReconciler.NUMBER_STATE_DIFFERS);
        assertThat(kinds(found, blue)).containsExactly(IssuanceReconciler.REVERSAL_MISSING);
        assertThat(kinds(found, red)).containsExactly(IssuanceReconciler.DOCUMENT_MISSING);
        assertThat(kinds(found, reversed.toString())).containsExactly(IssuanceReconciler.ISSUANCE_DIFFERS);
        // Compared, and shown, as digests: the ledger has no code, and a report is no place for one.
        Disagreement codeDiffers = find(found, reversed.toString()).orElseThrow();
        assertThat(codeDiffers.ledger()).contains(ledger.invoice(blue).checkCodeDigest());
        assertThat(codeDiffers.local() + codeDiffers.ledger())
                .doesNotContain("00000000000000000000")
                .doesNotContain(reversedBefore.checkCode());
        assertThat(found.found()).isEqualTo(6);
        assertThat(found.remaining()).isEqualTo(6);
        InvoiceRecord docLostOnLedger = ledger.invoice(docLostNumber);
        assertThat(find(found, docLostNumber).orElseThrow().ledger()).isEqualTo(docLostOnLedger.documentHash());

        ReconcileReport repaired = reconcile(true);
        assertThat(repaired.found()).isEqualTo(6);
        assertThat(repaired.disagreements()).as(repaired.toString()).allMatch(Disagreement::repaired);
        assertThat(repaired.remaining()).isZero();

        // The lost documents are back, byte for byte: they hash to what the ledger anchored and are served.
        HttpResponse<byte[]> document = desk.get("/v1/invoices/" + docLostNumber + "/document", "application/json");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(SignedInvoiceDocument.sha256Hex(document.body())).isEqualTo(docLostOnLedger.documentHash());
        HttpResponse<byte[]> redDocument = desk.get("/v1/invoices/" + red + "/document", "application/json");
        assertThat(redDocument.statusCode()).isEqualTo(200);
        assertThat(SignedInvoiceDocument.sha256Hex(redDocument.body()))
                .isEqualTo(ledger.invoice(blue).reversal().documentHash());
        IssuanceStatus recovered = issuance.status(issuanceLost).orElseThrow();
        assertThat(recovered.state()).isEqualTo(IssuanceState.ISSUED);
        assertThat(recovered.invoiceNumber()).isEqualTo(issuanceLostNumber);
        // The ledger holds only the check code's digest: the code comes back from the number's row here.
        assertThat(recovered.checkCode())
                .isEqualTo(issuanceLostBefore.checkCode())
                .isNotNull();
        assertThat(service.getBean(Numbering.class)
                        .find(issuanceLostNumber)
                        .orElseThrow()
                        .state())
                .isEqualTo(NumberState.USED);
        ReversalStatus reversalBack = issuance.reversal(blue).orElseThrow();
        assertThat(reversalBack.state()).isEqualTo(IssuanceState.ISSUED);
        assertThat(reversalBack.redInvoiceNumber()).isEqualTo(red);
        assertThat(reversalBack.reasonCode()).isEqualTo("SALES_RETURN");
        assertThat(issuance.status(reversed).orElseThrow().checkCode()).isEqualTo(reversedBefore.checkCode());
        // The repair rebuilt the records only; their renditions follow through the rendering queue, unasked.
        awaitRendered(renditions, docLostNumber);
        awaitRendered(renditions, red);

        ReconcileReport after = reconcile(false);
        assertThat(after.disagreements()).isEmpty();
    }

    // ---- helpers ----

    private static IssuanceStatus awaitIssued(Issuance issuance, BillKey billKey) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<IssuanceStatus> status = issuance.status(billKey).filter(s -> s.state() == IssuanceState.ISSUED);
            if (status.isPresent()) {
                return status.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(billKey + " was not issued in time");
    }

    private static void awaitRendered(Renditions renditions, String number) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (renditions.find(number, DocumentFormat.PDF).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the PDF of " + number + " was not rendered in time");
            }
            Thread.sleep(100);
        }
    }

    private ReconcileReport reconcile(boolean repair) throws Exception {
        HttpResponse<byte[]> answer = desk.post(
                "/v1/admin/reconcile?repair=" + repair, UUID.randomUUID().toString(), "");
        assertThat(answer.statusCode())
                .as(new String(answer.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        ReconcileReport report = Json.read(answer.body(), ReconcileReport.class);
        assertThat(report.service()).isEqualTo("issuer-api");
        return report;
    }

    private static Optional<Disagreement> find(ReconcileReport report, String key) {
        return report.disagreements().stream().filter(d -> d.key().equals(key)).findFirst();
    }

    private static List<String> kinds(ReconcileReport report, String key) {
        return report.disagreements().stream()
                .filter(d -> d.key().equals(key))
                .map(Disagreement::kind)
                .toList();
    }
}
