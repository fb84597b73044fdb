package io.fapiao.issuer.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.issuer.document.DocumentFormat;
import io.fapiao.issuer.document.Documents;
import io.fapiao.issuer.document.InvoiceContent;
import io.fapiao.issuer.document.SignedInvoiceDocument;
import io.fapiao.issuer.numbering.CheckCodes;
import io.fapiao.issuer.numbering.LocalRange;
import io.fapiao.issuer.numbering.NumberPurpose;
import io.fapiao.issuer.numbering.NumberState;
import io.fapiao.issuer.numbering.Numbering;
import io.fapiao.issuer.numbering.TakenNumber;
import io.fapiao.issuer.rendering.Renditions;
import io.fapiao.issuer.verification.InvoiceVerification;
import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.CheckCodeDigest;
import io.fapiao.protocol.ledger.InvoiceKind;
import io.fapiao.protocol.ledger.InvoiceNumber;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.InvoiceState;
import io.fapiao.protocol.ledger.NumberRange;
import io.fapiao.protocol.statement.IssuanceStatement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.spec.SecretKeySpec;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The issuance engine end to end on one database (the subclasses: H2 file, PostgreSQL): bills
 * submitted as hospital1 through the real embedded ledger, verdicts recorded as verifier1, and the
 * issuer service (a real Spring application) issuing them from the BillVerified events. The tests
 * run in order on one ledger and one database; the last ones stop and restart the service mid-flow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class IssuanceFlowTests {
    @TempDir
    static Path dir;

    private Testbed bed;
    private Map<String, String> database;
    private ConfigurableApplicationContext issuer;
    private final ScriptedListener hooks = new ScriptedListener();
    private FapiaoLedger issuerClient;
    private final List<BillKey> issued = Collections.synchronizedList(new ArrayList<>());

    /** The database's Spring properties. */
    abstract Map<String, String> database(Path dir);

    @BeforeAll
    void start() throws Exception {
        bed = new Testbed(dir);
        database = database(dir);
        issuer = bed.startIssuer(database, Map.of(), hooks);
        issuerClient = bed.ledger.client(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1");
    }

    @AfterAll
    void stop() throws Exception {
        if (issuer != null) {
            issuer.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    private <T> T bean(Class<T> type) {
        return issuer.getBean(type);
    }

    private IssuanceStatus awaitIssued(BillKey billKey) throws InterruptedException {
        Issuance issuance = bean(Issuance.class);
        Testbed.await(
                billKey + " issued",
                () -> issuance.status(billKey)
                        .filter(s -> s.state() == IssuanceState.ISSUED)
                        .isPresent());
        issued.add(billKey);
        return issuance.status(billKey).orElseThrow();
    }

    /** Checks an issued bill against the ledger and returns its document. */
    private SignedInvoiceDocument checkAgainstLedger(BillKey billKey, IssuanceStatus status) throws Exception {
        BillRecord bill = bed.hospital.bill(billKey).bill();
        assertThat(bill.state()).isEqualTo(BillState.ISSUED);
        assertThat(bill.invoiceNumber()).isEqualTo(status.invoiceNumber());
        InvoiceRecord invoice = issuerClient.invoice(status.invoiceNumber());
        assertThat(invoice.billKey()).isEqualTo(billKey.toString());
        assertThat(invoice.kind()).isEqualTo(InvoiceKind.BLUE);
        assertThat(status.checkCode()).matches("[0-9]{20}");
        assertThat(invoice.checkCodeDigest())
                .as("the ledger holds the code's digest")
                .isEqualTo(bean(CheckCodes.class).digest(status.invoiceNumber(), status.checkCode()));

        byte[] json = bean(Documents.class).signedJson(status.invoiceNumber()).orElseThrow();
        // The ledger's documentHash is the SHA-256 of the signed JSON served here.
        assertThat(invoice.documentHash())
                .isEqualTo(SignedInvoiceDocument.sha256Hex(json))
                .isEqualTo(status.documentHash());
        SignedInvoiceDocument document = SignedInvoiceDocument.verify(json);
        assertThat(document.content().invoiceNumber()).isEqualTo(status.invoiceNumber());
        assertThat(document.content().checkCode()).isEqualTo(status.checkCode());
        assertThat(document.content().billKey()).isEqualTo(billKey.toString());

        // The PDF is rendered off the issuance path, by the rendering workers, once the ledger recorded the invoice.
        Renditions renditions = bean(Renditions.class);
        Testbed.await(
                status.invoiceNumber() + " rendered",
                () -> renditions
                        .find(status.invoiceNumber(), DocumentFormat.PDF)
                        .isPresent());
        byte[] pdf = renditions
                .find(status.invoiceNumber(), DocumentFormat.PDF)
                .orElseThrow()
                .content();
        try (PDDocument read = Loader.loadPDF(pdf)) {
            byte[] attached = read.getDocumentCatalog()
                    .getNames()
                    .getEmbeddedFiles()
                    .getNames()
                    .get("invoice-" + status.invoiceNumber() + ".json")
                    .getEmbeddedFile()
                    .toByteArray();
            assertThat(attached).isEqualTo(json);
        }
        return document;
    }

    @Test
    @Order(1)
    void issuesAcceptedBillsOfBothSuitesAndInvoiceRequests() throws Exception {
        Bill intl = bed.bill(0, true);
        Bill gm = bed.bill(1, false);
        BillKey intlKey = bed.submitIntl(intl);
        BillKey gmKey = bed.submitGm(gm);
        BillKey requestKey = bed.submitRequest();
        bed.accept(intlKey);
        bed.accept(gmKey);
        bed.accept(requestKey);

        SignedInvoiceDocument intlDocument = checkAgainstLedger(intlKey, awaitIssued(intlKey));
        assertThat(CryptoSuite.of(intlDocument.signer().getPublicKey())).isEqualTo(CryptoSuite.INTL);
        assertThat(intlDocument.content().totals().total()).isEqualTo(intl.total());
        assertThat(intlDocument.content().buyer().name()).isEqualTo(intl.payer().name());
        assertThat(intlDocument.content().lines()).hasSameSizeAs(intl.items());

        SignedInvoiceDocument gmDocument = checkAgainstLedger(gmKey, awaitIssued(gmKey));
        assertThat(CryptoSuite.of(gmDocument.signer().getPublicKey())).isEqualTo(CryptoSuite.GM);
        assertThat(gmDocument.content().source().suite()).isEqualTo("GM");
        assertThat(gmDocument.content().seller().uscc()).isEqualTo(gm.issuerId());

        SignedInvoiceDocument requestDocument = checkAgainstLedger(requestKey, awaitIssued(requestKey));
        assertThat(requestDocument.content().source().type()).isEqualTo("INVOICE_REQUEST");
        assertThat(requestDocument.content().seller().uscc()).isEqualTo(DevelopmentConsortiumPlan.enterprise());
        assertThat(requestDocument.content().totals().tax()).isPositive();

        Invoice invoice = bean(Invoices.class)
                .current(awaitIssued(intlKey).invoiceNumber())
                .orElseThrow();
        assertThat(invoice.state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice.billKey()).isEqualTo(intlKey.toString());
        assertThat(invoice.ledgerRead()).isTrue();
        assertThat(bean(Invoices.class).forBill(gmKey))
                .get()
                .extracting(Invoice::kind)
                .isEqualTo(InvoiceKind.BLUE);
    }

    @Test
    @Order(2)
    void aRejectedOrUnverifiedBillIsNeverIssued() throws Exception {
        BillKey rejected = bed.submitIntl(bed.bill(0, false));
        BillKey unverified = bed.submitIntl(bed.bill(2, false));
        BillKey accepted = bed.submitIntl(bed.bill(2, false));
        bed.reject(rejected, "AMOUNT_MISMATCH");
        bed.accept(accepted);
        // The consumer handles events in ledger order: once the later acceptance is issued, the
        // rejection has been seen.
        awaitIssued(accepted);

        Issuance issuance = bean(Issuance.class);
        assertThat(issuance.status(rejected)).isEmpty();
        assertThat(bed.hospital.bill(rejected).bill().state()).isEqualTo(BillState.REJECTED);
        assertThat(bed.hospital.bill(rejected).bill().invoiceNumber()).isNull();
        assertThat(bean(Numbering.class).history(NumberPurpose.BLUE, rejected.toString()))
                .isEmpty();

        assertThatThrownBy(() -> issuance.issue(rejected)).isInstanceOfSatisfying(IssuanceException.class, e -> {
            assertThat(e.code()).isEqualTo("BILL_REJECTED");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("AMOUNT_MISMATCH");
        });
        assertThatThrownBy(() -> issuance.issue(unverified))
                .isInstanceOfSatisfying(
                        IssuanceException.class, e -> assertThat(e.code()).isEqualTo("BILL_NOT_VERIFIED"));
        assertThatThrownBy(() -> issuance.issue(
                        BillKey.parse(DevelopmentConsortiumPlan.hospitals().get(0) + ":NOPE")))
                .isInstanceOfSatisfying(
                        IssuanceException.class, e -> assertThat(e.code()).isEqualTo("BILL_NOT_FOUND"));
        assertThat(issuance.status(unverified)).isEmpty();
        assertThat(bean(Numbering.class).history(NumberPurpose.BLUE, unverified.toString()))
                .isEmpty();
    }

    @Test
    @Order(3)
    void issuingAgainOnDemandOrConcurrentlyNeverIssuesTwice() throws Exception {
        BillKey billKey = bed.submitGm(bed.bill(0, false));
        bed.accept(billKey);
        Issuance issuance = bean(Issuance.class);
        // The REST layer's on-demand calls race the event consumer for the same bill.
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<IssuanceStatus>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(callers.submit(() -> issuance.issue(billKey)));
            }
            Set<String> numbers = new HashSet<>();
            for (Future<IssuanceStatus> call : calls) {
                IssuanceStatus status = call.get();
                assertThat(status.state()).isEqualTo(IssuanceState.ISSUED);
                numbers.add(status.invoiceNumber());
            }
            assertThat(numbers).hasSize(1);
        } finally {
            callers.shutdownNow();
        }
        IssuanceStatus first = awaitIssued(billKey);
        assertThat(issuance.issue(billKey)).isEqualTo(first);
        assertThat(bean(Numbering.class).history(NumberPurpose.BLUE, billKey.toString()))
                .extracting(TakenNumber::invoiceNumber)
                .containsExactly(first.invoiceNumber());
        assertThat(issuerClient.history("invoice:" + first.invoiceNumber()).versions())
                .hasSize(1);
        checkAgainstLedger(billKey, first);
    }

    @Test
    @Order(4)
    void reservesNumberRangesAheadOfNeed() throws Exception {
        Numbering numbering = bean(Numbering.class);
        Testbed.await("numbers above the low-water mark", () -> numbering.remaining() >= Testbed.LOW_WATER);
        Set<LocalRange> before = new HashSet<>(numbering.ranges());
        for (int i = 0; i < Testbed.BATCH + 3; i++) {
            BillKey billKey = bed.submitIntl(bed.bill(i % 3, false));
            bed.accept(billKey);
            awaitIssued(billKey);
            // One bill at a time, letting the background top-up finish: no bill ever finds the ranges empty.
            Testbed.await("numbers above the low-water mark", () -> numbering.remaining() >= Testbed.LOW_WATER);
        }
        List<LocalRange> added = numbering.ranges().stream()
                .filter(r -> before.stream().noneMatch(b -> b.start() == r.start() && b.year() == r.year()))
                .toList();
        assertThat(added).isNotEmpty().allSatisfy(r -> {
            assertThat(r.reservedBy()).isIn("AHEAD", "EVENT");
            assertThat(r.end() - r.start() + 1).isEqualTo(Testbed.BATCH);
        });
        // The very first number of this service had nothing to take from: reserved on the caller's path.
        assertThat(numbering.ranges().getFirst().reservedBy()).isEqualTo("DEMAND");
    }

    @Test
    @Order(5)
    void reversesWithARedLetterInvoiceOnceAndRefusesClaimedInvoices() throws Exception {
        BillKey billKey = bed.submitIntl(bed.bill(1, true));
        bed.accept(billKey);
        IssuanceStatus blue = awaitIssued(billKey);
        Issuance issuance = bean(Issuance.class);

        ReversalStatus reversal = issuance.reverse(blue.invoiceNumber(), "SALES_RETURN");
        assertThat(reversal.state()).isEqualTo(IssuanceState.ISSUED);
        String red = reversal.redInvoiceNumber();
        assertThat(InvoiceNumber.parse("red", red).series()).isEqualTo(Testbed.PREFIX);
        assertThat(red).matches("460101[0-9]{2}-[0-9]{10}");

        InvoiceRecord blueOnLedger = issuerClient.invoice(blue.invoiceNumber());
        assertThat(blueOnLedger.state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(blueOnLedger.reversal().redInvoiceNumber()).isEqualTo(red);
        InvoiceRecord redOnLedger = issuerClient.invoice(red);
        assertThat(redOnLedger.kind()).isEqualTo(InvoiceKind.RED);
        byte[] redJson = bean(Documents.class).signedJson(red).orElseThrow();
        assertThat(redOnLedger.documentHash())
                .isEqualTo(SignedInvoiceDocument.sha256Hex(redJson))
                .isEqualTo(reversal.documentHash());
        InvoiceContent redContent = SignedInvoiceDocument.verify(redJson).content();
        assertThat(redContent.kind()).isEqualTo("RED");
        assertThat(redContent.reverses())
                .isEqualTo(new InvoiceContent.Reverses(blue.invoiceNumber(), blue.documentHash(), "SALES_RETURN"));
        assertThat(redContent.totals().total()).isNegative();
        assertThat(bed.hospital.bill(billKey).bill().state()).isEqualTo(BillState.REVERSED);

        assertThat(issuance.reverse(blue.invoiceNumber(), "SALES_RETURN")).isEqualTo(reversal);
        assertThatThrownBy(() -> issuance.reverse(blue.invoiceNumber(), "BILLING_ERROR"))
                .isInstanceOfSatisfying(
                        IssuanceException.class, e -> assertThat(e.code()).isEqualTo("REVERSAL_CONFLICT"));
        assertThat(bean(Numbering.class).history(NumberPurpose.RED, blue.invoiceNumber()))
                .extracting(TakenNumber::invoiceNumber)
                .containsExactly(red);
        assertThat(bean(Invoices.class).find(blue.invoiceNumber()))
                .get()
                .satisfies(i -> assertThat(i.state()).isEqualTo(InvoiceState.REVERSED))
                .satisfies(i -> assertThat(i.reversedBy()).isEqualTo(red));
        assertThat(bean(Invoices.class).find(red))
                .get()
                .satisfies(i -> assertThat(i.kind()).isEqualTo(InvoiceKind.RED))
                .satisfies(i -> assertThat(i.reverses()).isEqualTo(blue.invoiceNumber()));
        assertThatThrownBy(() -> issuance.reverse(red, "SALES_RETURN"))
                .isInstanceOfSatisfying(
                        IssuanceException.class, e -> assertThat(e.code()).isEqualTo("INVOICE_NOT_FOUND"));

        BillKey claimedKey = bed.submitIntl(bed.bill(2, true));
        bed.accept(claimedKey);
        IssuanceStatus claimed = awaitIssued(claimedKey);
        bed.ledger
                .client(DevelopmentConsortiumPlan.ISSUER_MSP, "claimant1")
                .claimInvoice(claimed.invoiceNumber(), "policy-77", "reimbursement");
        assertThatThrownBy(() -> issuance.reverse(claimed.invoiceNumber(), "SALES_RETURN"))
                .isInstanceOfSatisfying(IssuanceException.class, e -> {
                    assertThat(e.code()).isEqualTo("INVOICE_CLAIMED");
                    assertThat(e.getMessage()).contains("policy-77");
                });
        assertThat(bean(Numbering.class).history(NumberPurpose.RED, claimed.invoiceNumber()))
                .isEmpty();
        assertThatThrownBy(() -> issuance.reverse(claimed.invoiceNumber(), "not a code"))
                .isInstanceOfSatisfying(
                        IssuanceException.class, e -> assertThat(e.code()).isEqualTo("MALFORMED"));
        assertThatThrownBy(() -> issuance.reverse(blue.invoiceNumber(), "PRICE_CHANGED"))
                .isInstanceOfSatisfying(
                        IssuanceException.class, e -> assertThat(e.code()).isEqualTo("UNKNOWN_REVERSAL_REASON"));
    }

    @Test
    @Order(6)
    void aBillIssuedElsewhereMeanwhileIsRecordedFromTheLedgerAndOurNumberMadeVoid() throws Exception {
        BillKey billKey = bed.submitIntl(bed.bill(0, false));
        NumberRange elsewhere = issuerClient
                .reserveNumberRange(
                        "elsewhere",
                        "ZZ01",
                        java.time.Year.now(java.time.ZoneId.of("Asia/Shanghai")).getValue(),
                        1)
                .value();
        Identity issuer1 = bed.ledger.identity(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1");
        String foreignHash = "ab".repeat(32);
        hooks.when(
                billKey.toString(),
                number -> {
                    // Between our number and our IssueInvoice, another issuance of the same MSP gets there first.
                    String headerDigest = issuerClient.bill(billKey).bill().headerDigest();
                    String foreignDigest = CheckCodeDigest.of(
                            new SecretKeySpec(new byte[32], "HmacSHA256"), elsewhere.first(), "1234");
                    byte[] signature = new IssuanceStatement(
                                    billKey.toString(), headerDigest, elsewhere.first(), foreignDigest, foreignHash)
                            .sign(Signer.of(issuer1.privateKey(), issuer1.certificate()));
                    issuerClient.issueInvoice(billKey, elsewhere.first(), foreignDigest, foreignHash, signature);
                },
                null);
        try {
            bed.accept(billKey);
            IssuanceStatus status = awaitIssued(billKey);
            assertThat(status.invoiceNumber()).isEqualTo(elsewhere.first());
            assertThat(status.origin()).isEqualTo("LEDGER");
            assertThat(status.documentHash()).isEqualTo(foreignHash);
            assertThat(status.checkCode())
                    .as("the ledger holds only the other issuance's digest")
                    .isNull();
            TakenNumber ours = hooks.taken.get();
            assertThat(ours).isNotNull();
            assertThat(bean(Numbering.class).find(ours.invoiceNumber()))
                    .get()
                    .extracting(TakenNumber::state)
                    .isEqualTo(NumberState.VOID);
            assertThat(bean(Documents.class).issued(ours.invoiceNumber())).isEmpty();
            assertThat(bean(Renditions.class).formats(ours.invoiceNumber())).isEmpty();
            assertThat(bean(Issuance.class).issue(billKey).invoiceNumber()).isEqualTo(elsewhere.first());
            assertThatThrownBy(() -> issuerClient.invoice(ours.invoiceNumber()))
                    .isInstanceOfSatisfying(
                            ChaincodeRejection.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
        } finally {
            hooks.clear();
        }
        // The void number is never handed out again.
        BillKey next = bed.submitIntl(bed.bill(1, false));
        bed.accept(next);
        assertThat(awaitIssued(next).invoiceNumber())
                .isNotEqualTo(hooks.taken.get().invoiceNumber());
    }

    @Test
    @Order(7)
    void concurrentTakesNeverShareANumber() throws Exception {
        Numbering numbering = bean(Numbering.class);
        ExecutorService takers = Executors.newFixedThreadPool(6);
        try {
            List<Callable<TakenNumber>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String subject = i % 4 == 0 ? "test:shared" : "test:subject-" + i;
                calls.add(() -> numbering.take(NumberPurpose.BLUE, subject));
            }
            List<TakenNumber> taken = new ArrayList<>();
            for (Future<TakenNumber> f : takers.invokeAll(calls)) {
                taken.add(f.get());
            }
            assertThat(taken.stream()
                            .filter(t -> t.subject().equals("test:shared"))
                            .map(TakenNumber::invoiceNumber)
                            .distinct())
                    .hasSize(1);
            assertThat(taken.stream().map(TakenNumber::invoiceNumber).distinct())
                    .hasSize(24 - 6 + 1);
        } finally {
            takers.shutdownNow();
        }
    }

    @Test
    @Order(8)
    void manyBillsVerifiedTogetherAreIssuedOnceEach() throws Exception {
        // More bills than workers, more than a batch of numbers: the workers take numbers and reserve
        // ranges at the same time.
        List<BillKey> bills = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            bills.add(i % 4 == 0 ? bed.submitGm(bed.bill(i % 3, false)) : bed.submitIntl(bed.bill(i % 3, false)));
        }
        ExecutorService verifiers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> verdicts = new ArrayList<>();
            for (BillKey billKey : bills) {
                verdicts.add(verifiers.submit(() -> {
                    bed.accept(billKey);
                    return null;
                }));
            }
            for (Future<?> verdict : verdicts) {
                verdict.get();
            }
        } finally {
            verifiers.shutdownNow();
        }
        Set<String> numbers = new HashSet<>();
        for (BillKey billKey : bills) {
            IssuanceStatus status = awaitIssued(billKey);
            assertThat(numbers.add(status.invoiceNumber()))
                    .as("number %s once", status.invoiceNumber())
                    .isTrue();
            assertThat(bean(Numbering.class).history(NumberPurpose.BLUE, billKey.toString()))
                    .extracting(TakenNumber::invoiceNumber)
                    .containsExactly(status.invoiceNumber());
            assertThat(issuerClient.history("invoice:" + status.invoiceNumber()).versions())
                    .hasSize(1);
            checkAgainstLedger(billKey, status);
        }
        Testbed.await(
                "the issuance queue empty",
                () -> bean(JdbcTemplate.class)
                                .queryForObject(
                                        "select count(*) from work_item where queue = 'issuance'", Integer.class)
                        == 0);
    }

    @Test
    @Order(9)
    void everyNumberIsUniqueFromTheLedgersRangesAndOnTheLedgerOnlyForItsOwnBill() throws Exception {
        Numbering numbering = bean(Numbering.class);
        JdbcTemplate jdbc = bean(JdbcTemplate.class);
        List<LocalRange> ranges = numbering.ranges();
        for (LocalRange range : ranges) {
            var versions = issuerClient
                    .history("range:" + range.series() + ":" + range.year() + ":" + range.start())
                    .versions();
            NumberRange onLedger = Json.bind(versions.getLast().value(), NumberRange.class);
            assertThat(onLedger.mspId()).isEqualTo(DevelopmentConsortiumPlan.ISSUER_MSP);
            assertThat(onLedger.issuerId()).isEqualTo("issuer1");
            assertThat(onLedger.end()).isEqualTo(range.end());
        }
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                assertThat(ranges.get(i).end() < ranges.get(j).start()
                                || ranges.get(j).end() < ranges.get(i).start())
                        .as("ranges %s and %s do not overlap", ranges.get(i), ranges.get(j))
                        .isTrue();
            }
        }
        List<Map<String, Object>> numbers =
                jdbc.queryForList("select invoice_number, purpose, subject, state from invoice_number");
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> row : numbers) {
            String number = (String) row.get("invoice_number");
            assertThat(seen.add(number)).as("number %s once", number).isTrue();
            InvoiceNumber parsed = InvoiceNumber.parse("n", number);
            assertThat(ranges)
                    .as("a range holding %s", number)
                    .anyMatch(r -> r.year() == parsed.year() && r.contains(parsed.sequence()));
            String state = (String) row.get("state");
            if (state.equals("USED")) {
                InvoiceRecord invoice = issuerClient.invoice(number);
                String subject = (String) row.get("subject");
                assertThat(row.get("purpose").equals("BLUE") ? invoice.billKey() : invoice.reverses())
                        .isEqualTo(subject);
            } else if (state.equals("VOID")) {
                assertThatThrownBy(() -> issuerClient.invoice(number)).isInstanceOf(ChaincodeRejection.class);
            }
        }
        List<String> issuedNumbers =
                jdbc.queryForList("select invoice_number from issuance where state = 'ISSUED'", String.class);
        assertThat(issuedNumbers).doesNotHaveDuplicates();
    }

    @Test
    @Order(10)
    void aServiceStoppedBetweenNumberAndLedgerCommitIssuesOnceWithItsFirstNumber() throws Exception {
        BillKey billKey = bed.submitIntl(bed.bill(2, false));
        hooks.when(billKey.toString(), number -> bed.ledger.stop(), null);
        bed.accept(billKey);
        hooks.fired.await();
        Testbed.await(
                "the bill numbered",
                () -> bean(Issuance.class)
                        .status(billKey)
                        .filter(s -> s.state() == IssuanceState.NUMBERED)
                        .isPresent());
        TakenNumber first = hooks.taken.get();
        hooks.clear();

        issuer.close();
        bed.ledger.restart();
        issuer = bed.startIssuer(database, Map.of(), hooks);

        IssuanceStatus status = awaitIssued(billKey);
        assertThat(status.invoiceNumber()).isEqualTo(first.invoiceNumber());
        assertThat(bean(Numbering.class).history(NumberPurpose.BLUE, billKey.toString()))
                .extracting(TakenNumber::invoiceNumber)
                .containsExactly(first.invoiceNumber());
        checkAgainstLedger(billKey, status);
        assertThat(issuerClient.history("invoice:" + first.invoiceNumber()).versions())
                .hasSize(1);
    }

    @Test
    @Order(11)
    void aServiceStoppedBetweenLedgerCommitAndItsOwnRecordIssuesOnce() throws Exception {
        BillKey billKey = bed.submitGm(bed.bill(1, true));
        hooks.when(billKey.toString(), null, ScriptedListener.crash());
        bed.accept(billKey);
        hooks.fired.await();
        // The ledger has the invoice; this service has not recorded it.
        TakenNumber number = hooks.taken.get();
        assertThat(bed.hospital.bill(billKey).bill().invoiceNumber()).isEqualTo(number.invoiceNumber());
        assertThat(bean(Issuance.class).status(billKey))
                .get()
                .extracting(IssuanceStatus::state)
                .isEqualTo(IssuanceState.NUMBERED);

        issuer.close();
        hooks.clear();
        issuer = bed.startIssuer(database, Map.of(), hooks);

        IssuanceStatus status = awaitIssued(billKey);
        assertThat(status.invoiceNumber()).isEqualTo(number.invoiceNumber());
        assertThat(status.origin()).isEqualTo("HERE");
        checkAgainstLedger(billKey, status);
        assertThat(issuerClient.history("invoice:" + number.invoiceNumber()).versions())
                .hasSize(1);
        assertThat(bean(Numbering.class).history(NumberPurpose.BLUE, billKey.toString()))
                .hasSize(1);
        // And the bills issued before the restarts are still there, once each.
        for (BillKey earlier : List.copyOf(issued)) {
            assertThat(bean(Issuance.class).status(earlier))
                    .get()
                    .extracting(IssuanceStatus::state)
                    .isEqualTo(IssuanceState.ISSUED);
        }
        assertThat(bean(Issuance.class).inState(IssuanceState.NUMBERED)).isEmpty();
    }

    @Test
    @Order(12)
    void aDocumentLostAfterTheLedgerRecordedItIsMadeAgainByteForByte() throws Exception {
        BillKey billKey = bed.submitIntl(bed.bill(2, false));
        hooks.when(billKey.toString(), null, ScriptedListener.crash());
        bed.accept(billKey);
        hooks.fired.await();
        TakenNumber number = hooks.taken.get();
        assertThat(bed.hospital.bill(billKey).bill().invoiceNumber()).isEqualTo(number.invoiceNumber());
        // The ledger holds the invoice and its document's hash; the document's row is gone here (a database
        // restored from a backup taken between the two), while the number's row, with its issue time, remains.
        assertThat(bean(JdbcTemplate.class)
                        .update("delete from invoice_document where invoice_number = ?", number.invoiceNumber()))
                .isEqualTo(1);

        issuer.close();
        hooks.clear();
        issuer = bed.startIssuer(database, Map.of(), hooks);

        IssuanceStatus status = awaitIssued(billKey);
        assertThat(status.invoiceNumber()).isEqualTo(number.invoiceNumber());
        assertThat(status.origin()).isEqualTo("HERE");
        // The document served again hashes to the ledger's value: made again byte for byte, not a new one.
        checkAgainstLedger(billKey, status);
        assertThat(issuerClient.history("invoice:" + number.invoiceNumber()).versions())
                .hasSize(1);
    }

    @Test
    @Order(13)
    void anInvoiceNumberedInTheOldFormIsStillReadVerifiedAndReversedOnceThePrefixIsSet() throws Exception {
        // The service as it was configured before the MoF form: an old series.
        issuer.close();
        hooks.clear();
        issuer = bed.startIssuer(
                database,
                Map.of("fapiao.issuer.numbering.series", "FP01", "fapiao.issuer.numbering.bill-code-prefix", ""),
                hooks);
        BillKey oldBill = bed.submitIntl(bed.bill(0, true));
        bed.accept(oldBill);
        IssuanceStatus old = awaitIssued(oldBill);
        assertThat(old.invoiceNumber()).matches("FP01-20[0-9]{2}-[0-9]{8}");
        checkAgainstLedger(oldBill, old);

        // Configured with the prefix: new numbers in the MoF form, the old invoice as it was.
        issuer.close();
        issuer = bed.startIssuer(database, Map.of(), hooks);
        BillKey newBill = bed.submitIntl(bed.bill(1, false));
        bed.accept(newBill);
        IssuanceStatus fresh = awaitIssued(newBill);
        InvoiceNumber freshNumber = InvoiceNumber.parse("n", fresh.invoiceNumber());
        assertThat(freshNumber.form()).isEqualTo(InvoiceNumber.Form.BILL_CODE);
        assertThat(freshNumber.billCode()).startsWith(Testbed.PREFIX);
        checkAgainstLedger(newBill, fresh);

        assertThat(bean(Invoices.class).current(old.invoiceNumber()))
                .get()
                .extracting(Invoice::checkCode)
                .isEqualTo(old.checkCode());
        InvoiceVerification verification = bean(InvoiceVerification.class);
        assertThat(verification.verify(old.invoiceNumber(), old.checkCode()).valid())
                .isTrue();
        assertThat(verification
                        .verify(freshNumber.billCode(), freshNumber.serial(), fresh.checkCode())
                        .valid())
                .as("code + number + check code as printed")
                .isTrue();
        String grouped = fresh.checkCode().replaceAll("(.{4})(?!$)", "$1 ");
        assertThat(verification.verify(" " + fresh.invoiceNumber(), grouped).valid())
                .as("the canonical number, the check code in its printed groups")
                .isTrue();
        assertThat(verification
                        .verify(freshNumber.billCode(), freshNumber.serial(), old.checkCode())
                        .valid())
                .isFalse();

        ReversalStatus reversal = bean(Issuance.class).reverse(old.invoiceNumber(), "SALES_RETURN");
        assertThat(reversal.state()).isEqualTo(IssuanceState.ISSUED);
        assertThat(InvoiceNumber.parse("red", reversal.redInvoiceNumber()).form())
                .as("the red invoice of an old one is numbered in the new form")
                .isEqualTo(InvoiceNumber.Form.BILL_CODE);
        InvoiceRecord oldOnLedger = issuerClient.invoice(old.invoiceNumber());
        assertThat(oldOnLedger.state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(issuerClient.invoice(reversal.redInvoiceNumber()).reverses()).isEqualTo(old.invoiceNumber());
    }
}
