package io.fapiao.ledger.client.fapiao;

import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.ledger.client.RetryPolicy;
import io.fapiao.ledger.client.fabric.FabricNetwork;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumGenerator;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.ledger.node.LedgerMain;
import io.fapiao.ledger.node.LedgerNode;
import io.fapiao.ledger.node.NodeSettings;
import io.fapiao.ledger.ordering.BlockCutting;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.CheckCodeDigest;
import io.fapiao.protocol.ledger.Role;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.statement.Statement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A ledger running the fapiao contract and typed clients for the consortium's identities, each
 * connected over the Gateway protocol with its MSP folder's certificate and key: either a real
 * embedded ledger node (TLS on loopback, the contract in-process) trusting a freshly generated
 * development consortium, with blocks cut after every transaction so a test waits for no batch
 * timeout; or a real Fabric network ({@link FabricNetwork}) whose every client goes through one
 * organisation's peer gateway, so that a read always sees the writes the same gateway committed.
 *
 * <pre>{@code
 * try (FapiaoNetwork network = FapiaoNetwork.start(tempDir)) {       // or onFabric(fabric, FINANCE_MSP)
 *     FapiaoLedger hospital = network.client(FapiaoNetwork.HOSPITAL_MSP, "hospital1");
 *     network.bootstrap();
 * }
 * }</pre>
 */
final class FapiaoNetwork implements AutoCloseable {
    static final String HOSPITAL_MSP = "HospitalOrgMSP";
    static final String FINANCE_MSP = "FinanceOrgMSP";
    static final String ISSUER_MSP = "IssuerOrgMSP";
    static final String AUDITOR_MSP = "AuditorOrgMSP";

    /** The hospital's USCC, qualified from yesterday for a year. */
    static final String USCC_HOSPITAL = SampleBills.uscc(1);

    static final String USCC_ENTERPRISE = SampleBills.uscc(2);
    /** Qualified for a year that ended yesterday. */
    static final String USCC_EXPIRED = SampleBills.uscc(3);
    /** Registered, in its window, suspended. */
    static final String USCC_SUSPENDED = SampleBills.uscc(4);

    /** The check code of every invoice these tests issue; only its digest may reach the ledger. */
    static final String CHECK_CODE = "12345678901234567890";

    private static final SecretKey DIGEST_KEY =
            new SecretKeySpec("ledger-client check-code digest key".getBytes(StandardCharsets.US_ASCII), "HmacSHA256");

    /** Where a client of an organisation connects: endpoint, TLS root, channel, chaincode. */
    @FunctionalInterface
    private interface Gateway {
        LedgerSettings.Builder of(String callerMspId) throws IOException;
    }

    private final Path dir;
    private final Consortium consortium;
    private final Gateway gateway;
    private final AutoCloseable ledger;
    private final List<Ledger> connections = new ArrayList<>();

    private FapiaoNetwork(Path dir, Consortium consortium, Gateway gateway, AutoCloseable ledger) {
        this.dir = dir;
        this.consortium = consortium;
        this.gateway = gateway;
        this.ledger = ledger;
    }

    /** A fresh embedded node and development consortium in {@code dir}. */
    static FapiaoNetwork start(Path dir) throws Exception {
        Consortium consortium = ConsortiumGenerator.openOrCreate(dir.resolve("crypto"));
        NodeSettings settings = NodeSettings.defaults(dir.resolve("data"))
                .withListenAddress("127.0.0.1")
                .withPort(0)
                .withBlockCutting(new BlockCutting(1, 1024 * 1024, 4 * 1024 * 1024, Duration.ofMillis(20)));
        LedgerNode node = LedgerNode.start(settings, LedgerMain.identities(consortium));
        Gateway gateway = mspId -> LedgerSettings.builder()
                .endpoint("localhost:" + node.port())
                .tlsRootCertificate(consortium.tls().rootCertificate())
                .mspId(mspId);
        return new FapiaoNetwork(dir, consortium, gateway, node);
    }

    /**
     * The Fabric network {@code fabric} (which {@link #close} stops), every client through the peer
     * gateway of {@code gatewayMspId}.
     */
    static FapiaoNetwork onFabric(FabricNetwork fabric, String gatewayMspId) throws Exception {
        Consortium consortium = Consortium.load(fabric.crypto());
        Path dir = Files.createDirectories(fabric.home().resolve("clients"));
        return new FapiaoNetwork(dir, consortium, mspId -> fabric.gateway(gatewayMspId, mspId), fabric);
    }

    Consortium consortium() {
        return consortium;
    }

    /** A client signing as {@code user} of {@code mspId}, from the consortium's MSP folder. */
    FapiaoLedger client(String mspId, String user) throws Exception {
        Path msp = consortium.userDirectory(mspId, user);
        return connect(mspId, onlyFile(msp.resolve("signcerts")), onlyFile(msp.resolve("keystore")));
    }

    /** A client signing with an identity issued outside the MSP folders (a pinned USCC, a foreign CA). */
    FapiaoLedger client(String mspId, Identity identity) throws Exception {
        Path folder = Files.createTempDirectory(dir, "identity-");
        Path certificate = Files.writeString(folder.resolve("cert.pem"), Pem.certificate(identity.certificate()));
        Path key = Files.writeString(folder.resolve("key.pem"), Pem.privateKey(identity.privateKey()));
        return connect(mspId, certificate, key);
    }

    private FapiaoLedger connect(String mspId, Path certificate, Path key) throws IOException {
        LedgerSettings settings = gateway.of(mspId)
                .certificate(certificate)
                .privateKey(key)
                .retry(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)))
                .build();
        Ledger ledger = Ledger.connect(settings);
        connections.add(ledger);
        return new FapiaoLedger(ledger);
    }

    /** The protocol identity (certificate and key) of a consortium user: to seal bills and sign statements. */
    Identity identity(String mspId, String user) throws Exception {
        SigningIdentity signing = consortium.user(mspId, user);
        return new Identity(signing.certificate(), signing.privateKey());
    }

    /**
     * Governance by FinanceOrg's Admin, the dev consortium's role grants, and four registrations under
     * HospitalOrgMSP: the hospital and the enterprise qualified now, one expired, one suspended.
     */
    void bootstrap() throws Exception {
        FapiaoLedger admin = client(FINANCE_MSP, "Admin");
        admin.initGovernance(FINANCE_MSP);
        admin.grantRoles(HOSPITAL_MSP, List.of(Role.HOSPITAL, Role.ENTERPRISE));
        admin.grantRoles(ISSUER_MSP, List.of(Role.ISSUER, Role.CLAIMANT));
        admin.grantRoles(AUDITOR_MSP, List.of(Role.AUDITOR));
        Instant now = Instant.now();
        Instant yesterday = now.minus(Duration.ofDays(1));
        Instant nextYear = now.plus(Duration.ofDays(365));
        admin.registerSubmitter(USCC_HOSPITAL, "First People's Hospital", HOSPITAL_MSP, yesterday, nextYear);
        admin.registerSubmitter(USCC_ENTERPRISE, "Pharmacy Chain Ltd", HOSPITAL_MSP, yesterday, nextYear);
        admin.registerSubmitter(
                USCC_EXPIRED, "Closed Clinic", HOSPITAL_MSP, yesterday.minus(Duration.ofDays(365)), yesterday);
        admin.registerSubmitter(USCC_SUSPENDED, "Suspended Clinic", HOSPITAL_MSP, yesterday, nextYear);
        admin.setSubmitterStatus(
                USCC_SUSPENDED, io.fapiao.protocol.ledger.SubmitterStatus.SUSPENDED, "audit finding 2026-17");
    }

    /** A freshly sealed outpatient bill of {@code uscc}, signed by {@code signer}, for finance and the issuer. */
    SealedBill seal(Identity signer, String uscc, long seed) throws Exception {
        return BillSealer.seal(
                SampleBills.outpatient(seed, uscc),
                signer.signer(),
                List.of(
                        identity(FINANCE_MSP, "verifier1").certificate(),
                        identity(ISSUER_MSP, "issuer1").certificate()));
    }

    /** A freshly sealed invoice request of seller {@code uscc}, signed by {@code signer}, for finance and issuer. */
    SealedBill sealRequest(Identity signer, String uscc, long seed) throws Exception {
        return BillSealer.seal(
                SampleBills.invoiceRequest(seed, uscc),
                signer.signer(),
                List.of(
                        identity(FINANCE_MSP, "verifier1").certificate(),
                        identity(ISSUER_MSP, "issuer1").certificate()));
    }

    static BillKey key(SealedBill sealed) {
        return new BillKey(sealed.header().issuerId(), sealed.header().billId());
    }

    static byte[] sign(Identity who, Statement statement) {
        try {
            return statement.sign(who.signer());
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** What an issuer passes to IssueInvoice for {@link #CHECK_CODE} on {@code number}. */
    static String checkCodeDigest(String number) {
        return CheckCodeDigest.of(DIGEST_KEY, number, CHECK_CODE);
    }

    static String number(String series, int year, long sequence) {
        return String.format("%s-%04d-%08d", series, year, sequence);
    }

    private static Path onlyFile(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            List<Path> all = files.toList();
            if (all.size() != 1) {
                throw new IllegalStateException("expected one file in " + folder + ", found " + all);
            }
            return all.get(0);
        }
    }

    @Override
    public void close() throws Exception {
        connections.forEach(Ledger::close);
        ledger.close();
    }
}
