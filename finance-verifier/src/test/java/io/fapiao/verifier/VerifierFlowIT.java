package io.fapiao.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.development.GmMaterial;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.IdentityFolder;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.ledger.client.RetryPolicy;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.HistoryEntry;
import io.fapiao.protocol.ledger.Submitter;
import io.fapiao.protocol.ledger.SubmitterStatus;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.service.testing.DevelopmentLedger;
import io.fapiao.service.testing.TestClients;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The finance verifier end to end on one database: the real service (its jar's application class,
 * HTTP on a random port) against a real embedded ledger node over TLS with the development
 * consortium. Bills are sealed and submitted here as the hospitals would; every assertion reads the
 * verdict the service recorded on the ledger, and its own API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VerifierFlowIT {
    private static final String HOSPITAL_MSP = DevelopmentConsortiumPlan.HOSPITAL_MSP;
    private static final String FINANCE_MSP = DevelopmentConsortiumPlan.FINANCE_MSP;
    private static final String ISSUER_MSP = DevelopmentConsortiumPlan.ISSUER_MSP;
    private static final List<String> HOSPITALS = DevelopmentConsortiumPlan.hospitals();
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private DevelopmentLedger ledger;
    private FapiaoLedger hospital;
    private FapiaoLedger enterprise;
    private FapiaoLedger finance;
    private FapiaoLedger financeAdmin;
    private Path crls;
    private Map<String, String> properties;
    private VerifierRun service;
    private TestClients.Client operator;

    /** The Spring datasource properties of the database under test, fresh; called once. */
    abstract Map<String, String> database(Path dir);

    @BeforeAll
    void start() throws Exception {
        Map<String, String> db = database(dir.resolve("db"));
        ledger = DevelopmentLedger.start(dir.resolve("ledger"));
        hospital = ledger.client(HOSPITAL_MSP, "hospital1");
        enterprise = ledger.client(HOSPITAL_MSP, "enterprise1");
        finance = ledger.client(FINANCE_MSP, "verifier1");
        financeAdmin = ledger.client(FINANCE_MSP, "Admin");
        crls = Files.createDirectories(dir.resolve("crls"));
        Path hospitalMsp = ledger.consortium().directory().resolve("peerOrganizations/hospital.fapiao.local/msp");
        GmMaterial gm = ledger.gm();

        properties = new LinkedHashMap<>(ledger.serviceProperties(FINANCE_MSP, "verifier1"));
        properties.putAll(db);
        properties.put("server.port", "0");
        properties.put("fapiao.http.plaintext", "true");
        TestClients clients = TestClients.create(dir.resolve("clients"));
        operator = clients.register("operator", List.of("operator"), List.of());
        properties.putAll(clients.properties());
        properties.put("fapiao.data-dir", dir.resolve("verifier").toString());
        properties.put(
                "fapiao.verifier.trust.ca-certificates", hospitalMsp.resolve("cacerts") + "," + gm.caCertificate());
        properties.put("fapiao.verifier.trust.crls", hospitalMsp.resolve("crls") + "," + crls);
        properties.put(
                "fapiao.verifier.gm-identity.certificate",
                gm.financeDirectory().resolve("cert.pem").toString());
        properties.put(
                "fapiao.verifier.gm-identity.private-key",
                gm.financeDirectory().resolve("key.pem").toString());
        service = VerifierRun.start(properties);
    }

    @AfterAll
    void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void acceptsIntlAndGmBillsAndSignsTheVerdict() throws Exception {
        String intl = submitIntl(TestBills.outpatient(1001, HOSPITALS.get(0), Instant.now()));
        String gm = submitGm(TestBills.outpatient(1002, HOSPITALS.get(1), Instant.now()));

        for (String billKey : List.of(intl, gm)) {
            BillRecord bill = awaitVerdict(billKey);
            assertThat(bill.state()).isEqualTo(BillState.VERIFIED);
            assertThat(bill.verification().verdict()).isEqualTo("ACCEPTED");
            assertThat(bill.verification().reasonCodes()).isEmpty();
            assertThat(bill.verification().mspId()).isEqualTo(FINANCE_MSP);
            assertThat(bill.verification().fingerprint())
                    .isEqualTo(CryptoSuite.INTL.fingerprint(
                            ledger.identity(FINANCE_MSP, "verifier1").certificate()));

            JsonNode local = awaitLocalVerdict(billKey);
            assertThat(local.get("verdict").stringValue()).isEqualTo("ACCEPTED");
            assertThat(local.get("kind").stringValue()).isEqualTo("BILL");
            assertThat(local.get("origin").stringValue()).isEqualTo("VERIFIER");
            assertThat(local.get("transactionId").stringValue())
                    .isEqualTo(bill.verification().txId());
            assertThat(local.get("recordedAt").stringValue())
                    .isEqualTo(bill.verification().at());
            assertThat(local.get("blockNumber").isNumber()).isTrue();
        }
        assertThat(awaitLocalVerdict(intl).get("suite").stringValue()).isEqualTo("INTL");
        assertThat(awaitLocalVerdict(gm).get("suite").stringValue()).isEqualTo("GM");
    }

    @Test
    void rejectsArithmeticThatOnlyThePlaintextShows() throws Exception {
        Signer hospitalSigner = ledger.identity(HOSPITAL_MSP, "hospital1").signer();
        String intl = submit(
                hospital,
                TestBills.wrongTotal(
                        TestBills.outpatient(1101, HOSPITALS.get(0), Instant.now()), hospitalSigner, intlRecipients()));
        String gm = submit(
                hospital,
                TestBills.wrongTotal(
                        TestBills.outpatient(1102, HOSPITALS.get(2), Instant.now()),
                        ledger.gm().seal(HOSPITALS.get(2)).signer(),
                        gmRecipients()));

        for (String billKey : List.of(intl, gm)) {
            BillRecord bill = awaitVerdict(billKey);
            assertThat(bill.state()).isEqualTo(BillState.REJECTED);
            assertThat(bill.verification().reasonCodes())
                    .containsExactly("INVALID_BILL", "TOTAL_MISMATCH", "INSURANCE_MISMATCH");
            JsonNode local = awaitLocalVerdict(billKey);
            assertThat(local.get("violations").toString()).contains("\"path\":\"total\"", "TOTAL_MISMATCH");
            // The rule messages quote amounts and could quote the payer; only paths and codes are kept.
            assertThat(local.get("detail").stringValue()).doesNotContain("fen");
        }
    }

    @Test
    void rejectsEnvelopesItCannotOpenOrTrust() throws Exception {
        // Sealed for the issuer only: the bureau cannot read it.
        Bill notForUs = TestBills.outpatient(1201, HOSPITALS.get(0), Instant.now());
        String notForUsKey = submit(
                hospital,
                BillSealer.seal(
                        notForUs,
                        ledger.identity(HOSPITAL_MSP, "hospital1").signer(),
                        List.of(ledger.identity(ISSUER_MSP, "issuer1").certificate())));

        // A GM seal from a CA nobody trusts, registered on the ledger (the contract takes any registered seal).
        String uscc = HOSPITALS.get(2);
        CertificateAuthority rogueCa = CertificateAuthority.create(
                CryptoSuite.GM,
                "Rogue",
                "Rogue GM CA",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        Identity rogueSeal = rogueCa.issue(IdentityProfile.named("seal " + uscc).withUnit("seal"));
        financeAdmin.addSealCertificate(uscc, rogueSeal.certificate());
        String untrustedKey = submit(
                hospital,
                BillSealer.seal(TestBills.outpatient(1202, uscc, Instant.now()), rogueSeal.signer(), gmRecipients()));

        // A hospital identity the HospitalOrg CA issued and then revoked: the ledger node still admits it
        // (it reads its revocation lists at start), the verifier reads the new list as soon as it is written.
        CertificateAuthority hospitalCa = ledger.consortium().certificateAuthority(HOSPITAL_MSP);
        Identity revoked = hospitalCa.issue(
                IdentityProfile.named("his-revoked").withUnit("client").withAttribute("role", "hospital"));
        writeRevocationList(hospitalCa, revoked.certificate());
        String revokedKey;
        try (Ledger connection = connect(HOSPITAL_MSP, revoked)) {
            revokedKey = submit(
                    new FapiaoLedger(connection),
                    BillSealer.seal(
                            TestBills.outpatient(1203, HOSPITALS.get(1), Instant.now()),
                            revoked.signer(),
                            intlRecipients()));
        }

        assertRejected(notForUsKey, "NOT_A_RECIPIENT");
        assertRejected(untrustedKey, "CERTIFICATE_INVALID");
        assertRejected(revokedKey, "CERTIFICATE_REVOKED");
        assertThat(awaitLocalVerdict(revokedKey).get("detail").stringValue()).contains("revoked");
    }

    @Test
    void rejectsABillIssuedWhileItsSubmitterWasSuspended() throws Exception {
        String uscc = SampleBills.uscc(4242);
        financeAdmin.registerSubmitter(
                uscc,
                "Suspended Clinic",
                HOSPITAL_MSP,
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(365)));
        Recorded<Submitter> suspended = financeAdmin.setSubmitterStatus(uscc, SubmitterStatus.SUSPENDED, "audit");
        // Issued in the first whole second of the suspension, submitted after reinstatement: the contract
        // checks qualification when the bill arrives and lets it in; only the issue time shows the problem.
        Instant duringSuspension = Instant.parse(suspended.value().written().at())
                .truncatedTo(ChronoUnit.SECONDS)
                .plusSeconds(1);
        while (!Instant.now().isAfter(duringSuspension.plusMillis(200))) {
            Thread.sleep(50);
        }
        Recorded<Submitter> reinstated = financeAdmin.setSubmitterStatus(uscc, SubmitterStatus.ACTIVE, "audit closed");
        String backdated = submitIntl(TestBills.outpatient(1301, uscc, "Suspended Clinic", duringSuspension));
        // Issue times are whole seconds: a bill of the reinstatement's own second may predate it.
        Instant afterReinstatement = Instant.parse(reinstated.value().written().at())
                .truncatedTo(ChronoUnit.SECONDS)
                .plusSeconds(1);
        while (!Instant.now().isAfter(afterReinstatement)) {
            Thread.sleep(50);
        }
        String afterwards = submitIntl(TestBills.outpatient(1302, uscc, "Suspended Clinic", afterReinstatement));

        assertRejected(backdated, "NOT_QUALIFIED");
        assertThat(awaitVerdict(afterwards).verification().verdict()).isEqualTo("ACCEPTED");
    }

    @Test
    void aRejectionForTheIssueTimeNamesTheIssueTimeNotTheCertificate() throws Exception {
        // Submitted straight to the ledger, as a HIS bypassing the adapter could: the contract does not
        // read dates. In 2099 the signer's certificate is not valid either; the date is the cause.
        String intl2099 =
                submitIntl(TestBills.outpatient(3001, HOSPITALS.get(0), Instant.parse("2099-01-01T00:00:00Z")));
        String gm2099 = submitGm(TestBills.outpatient(3002, HOSPITALS.get(1), Instant.parse("2099-01-01T00:00:00Z")));
        // Dated before the signer's certificate was issued, and submitted with it now it is valid.
        X509Certificate hospitalCertificate =
                ledger.identity(HOSPITAL_MSP, "hospital1").certificate();
        Instant beforeCertificate =
                hospitalCertificate.getNotBefore().toInstant().minus(Duration.ofHours(1));
        String backdated = submitIntl(TestBills.outpatient(3003, HOSPITALS.get(0), beforeCertificate));
        // A HIS clock a little fast is tolerated (fapiao.verifier.clock-skew, 5 minutes by default).
        String slightlyAhead = submitIntl(
                TestBills.outpatient(3004, HOSPITALS.get(0), Instant.now().plus(Duration.ofMinutes(2))));

        for (String billKey : List.of(intl2099, gm2099)) {
            BillRecord bill = awaitVerdict(billKey);
            assertThat(bill.state()).as(billKey).isEqualTo(BillState.REJECTED);
            assertThat(bill.verification().reasonCodes()).as(billKey).containsExactly("ISSUED_IN_FUTURE");
            assertThat(awaitLocalVerdict(billKey).get("detail").stringValue()).contains("2099-01-01", "clock skew");
        }
        BillRecord early = awaitVerdict(backdated);
        assertThat(early.state()).isEqualTo(BillState.REJECTED);
        assertThat(early.verification().reasonCodes()).containsExactly("ISSUED_OUTSIDE_CERTIFICATE_VALIDITY");
        assertThat(awaitLocalVerdict(backdated).get("detail").stringValue()).contains("valid only from");
        assertThat(awaitVerdict(slightlyAhead).verification().verdict()).isEqualTo("ACCEPTED");
    }

    @Test
    void rejectsABillUnderAnotherNameThanTheRegistrys() throws Exception {
        String registered = DevelopmentConsortiumPlan.SUBMITTERS.get(HOSPITALS.get(0));
        String misnamed =
                submitIntl(TestBills.outpatient(3101, HOSPITALS.get(0), registered + " (Annex)", Instant.now()));
        String named = submitIntl(TestBills.outpatient(3102, HOSPITALS.get(0), registered, Instant.now()));

        BillRecord rejected = awaitVerdict(misnamed);
        assertThat(rejected.state()).isEqualTo(BillState.REJECTED);
        assertThat(rejected.verification().reasonCodes()).containsExactly("ISSUER_NAME_MISMATCH");
        // The registered name, never the bill's own: a verdict's detail carries no bill contents.
        assertThat(awaitLocalVerdict(misnamed).get("detail").stringValue())
                .contains("'" + registered + "'")
                .doesNotContain("(Annex)");
        assertThat(awaitVerdict(named).verification().verdict()).isEqualTo("ACCEPTED");
    }

    @Test
    void flagsTheSamePayerBilledTheSameItemsByTwoHospitals() throws Exception {
        String first = submitIntl(TestBills.outpatient(1401, HOSPITALS.get(0), Instant.now()));
        assertThat(awaitVerdict(first).verification().verdict()).isEqualTo("ACCEPTED");
        String second = submitGm(TestBills.outpatient(1401, HOSPITALS.get(1), Instant.now()));

        BillRecord flagged = awaitVerdict(second);
        assertThat(flagged.verification().verdict()).isEqualTo("ACCEPTED");
        assertThat(flagged.verification().reasonCodes()).containsExactly("DUPLICATE_SUSPECTED");
        JsonNode local = awaitLocalVerdict(second);
        assertThat(local.get("duplicateOf").toString()).isEqualTo("[\"" + first + "\"]");
        assertThat(awaitLocalVerdict(first).get("reasonCodes").toString()).isEqualTo("[]");
        JsonNode review = getJson("/v1/verdicts?reason=DUPLICATE_SUSPECTED").body();
        assertThat(review.get("verdicts").toString()).contains(second).doesNotContain("\"billKey\":\"" + first + "\"");
        // Only a keyed hash of the payer's document is stored, never the number.
        Bill bill = TestBills.outpatient(1401, HOSPITALS.get(0), Instant.now());
        assertThat(tableText("bill_print"))
                .doesNotContain(bill.payer().idNumber())
                .isNotEmpty();
        assertThat(tableText("verdict")).doesNotContain(bill.payer().idNumber());
    }

    @Test
    void twoDuplicatesSubmittedTogetherAreVerifiedOneAfterTheOther() throws Exception {
        // Back to back, so that two of the verifier's workers take them up at about the same time.
        String first = submitIntl(TestBills.outpatient(2001, HOSPITALS.get(0), Instant.now()));
        String second = submitGm(TestBills.outpatient(2001, HOSPITALS.get(1), Instant.now()));

        BillRecord a = awaitVerdict(first);
        BillRecord b = awaitVerdict(second);
        assertThat(List.of(a.verification().verdict(), b.verification().verdict()))
                .containsOnly("ACCEPTED");
        // Whichever was decided second is flagged as a duplicate of the other; never neither, never both.
        List<List<String>> codes =
                List.of(a.verification().reasonCodes(), b.verification().reasonCodes());
        assertThat(codes).containsExactlyInAnyOrder(List.of(), List.of("DUPLICATE_SUSPECTED"));
        String flagged = a.verification().reasonCodes().isEmpty() ? second : first;
        String original = flagged.equals(first) ? second : first;
        assertThat(awaitLocalVerdict(flagged).get("duplicateOf").toString()).isEqualTo("[\"" + original + "\"]");
        assertThat(tableText("bill_print")).doesNotContain("DECIDING");
    }

    @Test
    void manyBillsAtOnceGetOneVerdictEach() throws Exception {
        List<String> keys = new ArrayList<>();
        ExecutorService hospitals = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int seed = 2100 + i;
                submitted.add(hospitals.submit(
                        () -> submitIntl(TestBills.outpatient(seed, HOSPITALS.get(seed % 3), Instant.now()))));
            }
            for (Future<String> key : submitted) {
                keys.add(key.get());
            }
        } finally {
            hospitals.shutdown();
        }
        for (String billKey : keys) {
            assertThat(awaitVerdict(billKey).verification().verdict()).isEqualTo("ACCEPTED");
            assertThat(awaitLocalVerdict(billKey).get("origin").stringValue()).isEqualTo("VERIFIER");
            assertThat(verdictsOnLedger(billKey)).isEqualTo(1);
        }
        // Every item is removed with its verdict.
        assertThat(tableText("work_item")).doesNotContain(keys.toArray(String[]::new));
    }

    @Test
    void verifiesSealedInvoiceRequestsByTheirOwnRules() throws Exception {
        Signer erp = ledger.identity(HOSPITAL_MSP, "enterprise1").signer();
        String seller = DevelopmentConsortiumPlan.enterprise();
        InvoiceRequest request = TestBills.invoiceRequest(1501, seller, Instant.now());
        String good = submit(enterprise, BillSealer.seal(request, erp, intlRecipients()));
        String badTax = submit(
                enterprise,
                TestBills.wrongTax(TestBills.invoiceRequest(1502, seller, Instant.now()), erp, intlRecipients()));

        assertThat(awaitVerdict(good).verification().verdict()).isEqualTo("ACCEPTED");
        assertThat(awaitLocalVerdict(good).get("kind").stringValue()).isEqualTo("INVOICE_REQUEST");
        BillRecord rejected = awaitVerdict(badTax);
        assertThat(rejected.verification().verdict()).isEqualTo("REJECTED");
        assertThat(rejected.verification().reasonCodes()).contains("INVALID_BILL", "TAX_MISMATCH");
    }

    @Test
    void pendingEventsAreHandledOnceAfterARestart() throws Exception {
        service.close();
        List<String> keys = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                keys.add(submitIntl(TestBills.outpatient(1600 + i, HOSPITALS.get(i % 3), Instant.now())));
            }
        } finally {
            service = VerifierRun.start(properties);
        }
        for (String billKey : keys) {
            assertThat(awaitVerdict(billKey).verification().verdict()).isEqualTo("ACCEPTED");
            awaitLocalVerdict(billKey);
            assertThat(verdictsOnLedger(billKey)).isEqualTo(1);
        }
    }

    @Test
    void nothingIsSkippedWhileTheLedgerIsDown() throws Exception {
        service.close();
        List<String> keys = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                keys.add(submitIntl(TestBills.outpatient(1700 + i, HOSPITALS.get(i % 3), Instant.now())));
            }
        } finally {
            service = VerifierRun.start(properties);
        }
        ledger.stop();
        Thread.sleep(1500);
        ledger.restart();
        for (String billKey : keys) {
            assertThat(awaitVerdict(billKey).verification().verdict()).isEqualTo("ACCEPTED");
            awaitLocalVerdict(billKey);
            assertThat(verdictsOnLedger(billKey)).isEqualTo(1);
        }
    }

    @Test
    void aVerdictOnTheLedgerButNotYetStoredLocallyIsStoredOnce() throws Exception {
        String billKey = submitIntl(TestBills.outpatient(1801, HOSPITALS.get(0), Instant.now()));
        BillRecord decided = awaitVerdict(billKey);
        awaitLocalVerdict(billKey);
        service.close();
        Long rowsBefore;
        try {
            // As if the service had stopped after the ledger committed and before the local transaction
            // did: the local verdict and the checkpoint are gone, so the whole event history comes again.
            rowsBefore = sql(statement -> {
                statement.executeUpdate("delete from verdict where bill_key = '" + billKey + "'");
                statement.executeUpdate("delete from bill_print where bill_key = '" + billKey + "'");
                statement.executeUpdate("delete from event_checkpoint");
                var count = statement.executeQuery("select count(*) from verdict");
                count.next();
                return count.getLong(1);
            });
        } finally {
            service = VerifierRun.start(properties);
        }
        JsonNode local = awaitLocalVerdict(billKey);
        assertThat(local.get("origin").stringValue()).isEqualTo("LEDGER");
        assertThat(local.get("verdict").stringValue()).isEqualTo("ACCEPTED");
        assertThat(local.get("transactionId").stringValue())
                .isEqualTo(decided.verification().txId());
        assertThat(verdictsOnLedger(billKey)).isEqualTo(1);
        long rowsAfter = sql(statement -> {
            var count = statement.executeQuery("select count(*) from verdict");
            count.next();
            return count.getLong(1);
        });
        assertThat(rowsAfter).isEqualTo(rowsBefore + 1);
    }

    @Test
    void theVerdictApiAnswersWithProblemsForWhatItCannotFind() throws Exception {
        Response missing = getJson("/v1/verdicts/" + HOSPITALS.get(0) + ":NO-SUCH-BILL");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.body().get("code").stringValue()).isEqualTo("VERDICT_NOT_FOUND");

        Response badState = getJson("/v1/verdicts?state=MAYBE");
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.body().get("code").stringValue()).isEqualTo("INVALID_PARAMETER");
        assertThat(getJson("/v1/verdicts?limit=0").status()).isEqualTo(400);

        String rejected = submit(
                hospital,
                TestBills.wrongTotal(
                        TestBills.outpatient(1901, HOSPITALS.get(0), Instant.now()),
                        ledger.identity(HOSPITAL_MSP, "hospital1").signer(),
                        intlRecipients()));
        awaitLocalVerdict(rejected);
        JsonNode page = getJson("/v1/verdicts?state=REJECTED&limit=100").body();
        assertThat(page.get("verdicts").toString()).contains(rejected);
        for (JsonNode verdict : page.get("verdicts")) {
            assertThat(verdict.get("verdict").stringValue()).isEqualTo("REJECTED");
        }
        JsonNode one = getJson("/v1/verdicts?limit=1").body();
        assertThat(one.get("verdicts").size()).isEqualTo(1);
        JsonNode next = getJson(
                        "/v1/verdicts?limit=1&before=" + one.get("before").longValue())
                .body();
        assertThat(next.get("verdicts").get(0).get("number").longValue())
                .isLessThan(one.get("verdicts").get(0).get("number").longValue());
    }

    // ---- helpers ----

    private String submitIntl(Bill bill) throws Exception {
        return submit(
                hospital,
                BillSealer.seal(bill, ledger.identity(HOSPITAL_MSP, "hospital1").signer(), intlRecipients()));
    }

    private String submitGm(Bill bill) throws Exception {
        return submit(
                hospital,
                BillSealer.seal(bill, ledger.gm().seal(bill.issuerId()).signer(), gmRecipients()));
    }

    private static String submit(FapiaoLedger as, SealedBill sealed) throws LedgerException {
        return as.submitBill(sealed).value().billKey();
    }

    private List<X509Certificate> intlRecipients() throws Exception {
        return List.of(
                ledger.identity(FINANCE_MSP, "verifier1").certificate(),
                ledger.identity(ISSUER_MSP, "issuer1").certificate());
    }

    private List<X509Certificate> gmRecipients() throws IOException {
        return List.of(
                IdentityFolder.read(ledger.gm().financeDirectory()).certificate(),
                IdentityFolder.read(ledger.gm().issuerDirectory()).certificate());
    }

    private void assertRejected(String billKey, String code) throws Exception {
        BillRecord bill = awaitVerdict(billKey);
        assertThat(bill.state()).as(billKey).isEqualTo(BillState.REJECTED);
        assertThat(bill.verification().reasonCodes()).as(billKey).contains(code);
        assertThat(awaitLocalVerdict(billKey).get("reasonCodes").toString()).contains(code);
    }

    /** The bill once the verifier has recorded a verdict on it. */
    private BillRecord awaitVerdict(String billKey) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            try {
                BillRecord bill = finance.bill(BillKey.parse(billKey)).bill();
                if (bill.state() != BillState.SUBMITTED) {
                    return bill;
                }
            } catch (LedgerException e) {
                // the ledger may be restarting; ask again
            }
            Thread.sleep(100);
        }
        return fail("no verdict on " + billKey + " within " + PATIENCE);
    }

    private JsonNode awaitLocalVerdict(String billKey) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            Response response = getJson("/v1/verdicts/" + billKey);
            if (response.status() == 200) {
                return response.body();
            }
            assertThat(response.status()).isEqualTo(404);
            Thread.sleep(100);
        }
        return fail("no local verdict on " + billKey + " within " + PATIENCE);
    }

    /** How many verdicts the ledger's history of the bill holds. */
    private long verdictsOnLedger(String billKey) throws LedgerException {
        return finance.history("bill:" + billKey).versions().stream()
                .map(HistoryEntry::value)
                .filter(value -> value != null
                        && value.get("verification") != null
                        && !value.get("verification").isNull())
                .map(value -> value.get("verification").get("txId").stringValue())
                .distinct()
                .count();
    }

    private record Response(int status, String contentType, JsonNode body) {}

    private Response getJson(String path) throws Exception {
        HttpResponse<byte[]> response = operator.http().get(URI.create(service.url(path)));
        return new Response(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                Json.readTree(response.body()));
    }

    private Ledger connect(String mspId, Identity identity) throws IOException {
        Path folder = Files.createTempDirectory(dir, "identity");
        Path certificate = Files.writeString(folder.resolve("cert.pem"), Pem.certificate(identity.certificate()));
        Path key = Files.writeString(folder.resolve("key.pem"), Pem.privateKey(identity.privateKey()));
        return Ledger.connect(LedgerSettings.builder()
                .endpoint(properties.get("fapiao.ledger.endpoint"))
                .tlsRootCertificate(Path.of(properties.get("fapiao.ledger.tls-root-certificate")))
                .mspId(mspId)
                .certificate(certificate)
                .privateKey(key)
                .retry(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(500)))
                .build());
    }

    /** A revocation list of {@code ca} naming {@code revoked}, revoked now, in the verifier's watched folder. */
    private void writeRevocationList(CertificateAuthority ca, X509Certificate revoked) throws Exception {
        Date now = new Date();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), now);
        builder.setNextUpdate(Date.from(Instant.now().plus(Duration.ofDays(7))));
        builder.addCRLEntry(revoked.getSerialNumber(), now, CRLReason.keyCompromise);
        var crl = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(ca.identity().privateKey()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(crl);
        }
        Path staging = crls.resolve(".crl.pem.tmp");
        Files.writeString(staging, pem.toString());
        Files.move(staging, crls.resolve("test-crl.pem"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run(Statement statement) throws Exception;
    }

    private <T> T sql(Sql<T> work) throws Exception {
        String user = properties.getOrDefault("spring.datasource.username", "");
        String password = properties.getOrDefault("spring.datasource.password", "");
        try (Connection connection =
                        DriverManager.getConnection(properties.get("spring.datasource.url"), user, password);
                Statement statement = connection.createStatement()) {
            return work.run(statement);
        }
    }

    /** Every value of every row of {@code table}, as text: what someone reading the database would see. */
    private String tableText(String table) throws Exception {
        return sql(statement -> {
            StringBuilder text = new StringBuilder();
            var rows = statement.executeQuery("select * from " + table);
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    text.append(rows.getString(i)).append('|');
                }
                text.append('\n');
            }
            return text.toString();
        });
    }
}
