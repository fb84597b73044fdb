package io.fapiao.issuer.issuance;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.issuer.IssuerApiApplication;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.IdentityFolder;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.statement.VerdictStatement;
import io.fapiao.service.testing.DevelopmentLedger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The world around the issuer in its tests: a real embedded ledger with the development consortium,
 * hospital1 submitting sealed bills (INTL with its own key, GM with the hospitals' seals, and invoice
 * requests of the enterprise), verifier1 recording verdicts (the finance-verifier service is not
 * part of these tests), and the issuer service started as a Spring application on a given database.
 */
final class Testbed implements AutoCloseable {
    /** The bill-code prefix of the issuer in these tests (46 Hainan, class 01, type 01). */
    static final String PREFIX = "460101";

    static final int BATCH = 5;
    static final int LOW_WATER = 3;
    private static final DateTimeFormatter ISSUED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    final DevelopmentLedger ledger;
    final FapiaoLedger hospital;
    final FapiaoLedger verifier;
    private final Path dir;
    private final Signer hospitalSigner;
    private final Signer verifierSigner;
    private final List<X509Certificate> intlRecipients;
    private final List<X509Certificate> gmRecipients;
    private final AtomicLong seeds = new AtomicLong(1);

    Testbed(Path dir) throws Exception {
        this.dir = dir;
        this.ledger = DevelopmentLedger.start(dir.resolve("ledger"));
        this.hospital = ledger.client(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1");
        this.verifier = ledger.client(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        this.hospitalSigner = signer(ledger.identity(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1"));
        Identity verifierIdentity = ledger.identity(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1");
        this.verifierSigner = signer(verifierIdentity);
        this.intlRecipients = List.of(
                verifierIdentity.certificate(),
                ledger.identity(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1").certificate());
        this.gmRecipients = List.of(
                IdentityFolder.read(ledger.gm().financeDirectory()).certificate(),
                IdentityFolder.read(ledger.gm().issuerDirectory()).certificate());
    }

    private static Signer signer(Identity identity) throws Exception {
        return Signer.of(identity.privateKey(), identity.certificate());
    }

    /** The issuer service's command line: ledger identity issuer1, GM key, trusted CAs, small batches, {@code database}. */
    List<String> arguments(Map<String, String> database, Map<String, String> extra) throws Exception {
        Map<String, String> p =
                new LinkedHashMap<>(ledger.serviceProperties(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1"));
        p.put("fapiao.ledger.retry-attempts", "2");
        p.put("fapiao.ledger.submit-timeout", "10s");
        p.put("fapiao.ledger.commit-timeout", "20s");
        p.put("fapiao.data-dir", dir.resolve("issuer").toString());
        p.put("server.port", "0");
        p.put("fapiao.http.plaintext", "true");
        p.put("fapiao.issuer.numbering.bill-code-prefix", PREFIX);
        p.put("fapiao.issuer.numbering.batch", Integer.toString(BATCH));
        p.put("fapiao.issuer.numbering.low-water", Integer.toString(LOW_WATER));
        Path hospitalCas = ledger.mspDirectory(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1")
                .resolve("cacerts");
        p.put("fapiao.issuer.name", DevelopmentConsortiumPlan.ISSUER_NAME);
        p.put(
                "fapiao.issuer.trust.ca-certificates",
                hospitalCas + "," + ledger.gm().caCertificate());
        p.put(
                "fapiao.issuer.gm-identity.certificate",
                ledger.gm().issuerDirectory().resolve("cert.pem").toString());
        p.put(
                "fapiao.issuer.gm-identity.private-key",
                ledger.gm().issuerDirectory().resolve("key.pem").toString());
        p.putAll(database);
        p.putAll(extra);
        List<String> arguments = new ArrayList<>();
        p.forEach((k, v) -> arguments.add("--" + k + "=" + v));
        return arguments;
    }

    /** Starts the issuer service; {@code listeners} become beans (test hooks into the issuance steps). */
    ConfigurableApplicationContext startIssuer(
            Map<String, String> database, Map<String, String> extra, IssuanceListener... listeners) throws Exception {
        return new SpringApplicationBuilder(IssuerApiApplication.class)
                .initializers(context -> {
                    for (int i = 0; i < listeners.length; i++) {
                        context.getBeanFactory().registerSingleton("testListener" + i, listeners[i]);
                    }
                })
                .run(arguments(database, extra).toArray(String[]::new));
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(8))
                .truncatedTo(ChronoUnit.SECONDS)
                .format(ISSUED_AT);
    }

    /** A fresh outpatient or inpatient bill of the {@code hospital}-th hospital, issued now. */
    Bill bill(int hospitalIndex, boolean inpatient) {
        String uscc = DevelopmentConsortiumPlan.hospitals().get(hospitalIndex);
        long seed = seeds.getAndIncrement();
        Bill b = inpatient ? SampleBills.inpatient(seed, uscc) : SampleBills.outpatient(seed, uscc);
        return new Bill(
                b.billCode(),
                b.billId(),
                b.issuerId(),
                b.issuerName(),
                now(),
                b.payer(),
                b.items(),
                b.total(),
                b.insurance(),
                b.payeeClerk(),
                b.remarks());
    }

    /** Seals {@code bill} under INTL with hospital1's key and submits it; its key. */
    BillKey submitIntl(Bill bill) throws Exception {
        return submit(BillSealer.seal(bill, hospitalSigner, intlRecipients));
    }

    /** Seals {@code bill} under GM with its hospital's registered seal and submits it as hospital1. */
    BillKey submitGm(Bill bill) throws Exception {
        return submit(BillSealer.seal(bill, signer(ledger.gm().seal(bill.issuerId())), gmRecipients));
    }

    /** A fresh invoice request of the development enterprise, sealed under INTL and submitted; its key. */
    BillKey submitRequest() throws Exception {
        InvoiceRequest r = SampleBills.invoiceRequest(seeds.getAndIncrement(), DevelopmentConsortiumPlan.enterprise());
        InvoiceRequest dated = new InvoiceRequest(
                r.requestId(),
                r.seller(),
                r.buyer(),
                now(),
                r.lines(),
                r.totalAmount(),
                r.totalTax(),
                r.totalWithTax(),
                r.remarks());
        return submit(BillSealer.seal(dated, hospitalSigner, intlRecipients));
    }

    private BillKey submit(SealedBill sealed) throws Exception {
        BillRecord record = hospital.submitBill(sealed).value();
        return BillKey.parse(record.billKey());
    }

    /** verifier1 accepts the bill. */
    void accept(BillKey billKey) throws Exception {
        verdict(billKey, "ACCEPTED", List.of());
    }

    /** verifier1 rejects the bill. */
    void reject(BillKey billKey, String reason) throws Exception {
        verdict(billKey, "REJECTED", List.of(reason));
    }

    private void verdict(BillKey billKey, String verdict, List<String> reasons) throws Exception {
        String headerDigest = verifier.bill(billKey).bill().headerDigest();
        byte[] signature =
                new VerdictStatement(billKey.toString(), headerDigest, verdict, reasons).sign(verifierSigner);
        verifier.recordVerification(billKey, verdict, reasons, signature);
    }

    /** Waits (up to a generous deadline, never asserted as a duration) until {@code condition} holds. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        ledger.close();
    }
}
