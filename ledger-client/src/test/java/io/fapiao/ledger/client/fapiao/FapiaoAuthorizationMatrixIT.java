package io.fapiao.ledger.client.fapiao;

import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.AUDITOR_MSP;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.FINANCE_MSP;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.HOSPITAL_MSP;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.ISSUER_MSP;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.USCC_ENTERPRISE;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.USCC_EXPIRED;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.USCC_HOSPITAL;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.USCC_SUSPENDED;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.sha256;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.sign;
import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.chaincode.FapiaoContract;
import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.LedgerRefused;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.ledger.client.fabric.FabricNetwork;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.Role;
import io.fapiao.protocol.ledger.SubmitterStatus;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.statement.AnchorStatement;
import io.fapiao.protocol.statement.IssuanceStatement;
import io.fapiao.protocol.statement.ReversalStatement;
import io.fapiao.protocol.statement.VerdictStatement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chaincode's authorisation matrix — the same table, {@code authorization-matrix.txt} from the
 * chaincode module's test jar — run with the typed facade through each ledger the services can be
 * deployed on: a real embedded node over TLS gRPC, and a real Fabric 3 network (network/fabric.sh:
 * SmartBFT orderers, a peer per organisation, MAJORITY endorsement, the contract as a chaincode
 * service). Every function × hospital, enterprise, finance, finance admin, issuer, claimant, auditor,
 * an unknown MSP, and hospital identities whose USCC's qualification expired or is suspended. Once
 * both ran, every cell must have answered alike on both ({@link #bothLedgersAnsweredEveryCellAlike}).
 *
 * <p>Two differences from the in-memory run, both of the transport: the UNK caller's certificate
 * comes from a CA no consortium member owns, so the ledger itself refuses every call
 * ({@link LedgerRefused}) before the contract runs; and one ledger serves all cells, so every allowed
 * state change acts on a record of its own (a range, an invoice to reverse, another to claim, a
 * submitter to suspend) and no cell depends on the order the cells run in. On Fabric every client
 * goes through FinanceOrg's peer gateway, so each read sees the writes before it.
 */
@ParameterizedClass(name = "on the {0} ledger")
@EnumSource(FapiaoAuthorizationMatrixIT.LedgerKind.class)
class FapiaoAuthorizationMatrixIT {
    /** The two ledgers the services can be deployed on; the matrix must hold on both alike. */
    enum LedgerKind {
        /** The embedded node ({@code embedded-ledger}), in this JVM. */
        EMBEDDED,
        /** A Fabric 3 network (network/fabric.sh, port base 19000), every client through FinanceOrg's peer. */
        FABRIC
    }

    private static final String USCC_TO_SUSPEND = SampleBills.uscc(6);
    private static final int FABRIC_PORT_BASE = 19000;

    @Parameter
    LedgerKind ledger;

    /** What each cell did on each ledger, for {@link #compareTheLedgers()}. */
    private static final Map<LedgerKind, Map<String, Outcome>> OUTCOMES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Path dir;
    private static FapiaoNetwork network;
    private static final Map<String, FapiaoLedger> CLIENTS = new LinkedHashMap<>();
    private static final Map<String, Identity> IDENTITIES = new HashMap<>();
    private static final Map<String, SealedBill> SEALED = new HashMap<>();
    private static final Map<String, SealedBill> REQUESTS = new HashMap<>();
    private static final Map<String, String> OWN_USCC =
            Map.of("ENT", USCC_ENTERPRISE, "EXP", USCC_EXPIRED, "SUS", USCC_SUSPENDED);
    private static BillKey submittedKey;
    private static String submittedDigest;
    private static BillKey verifiedKey;
    private static String verifiedDigest;
    private static String toReverse;
    private static String toClaim;
    private static long freeSequence;
    private static Identity sealCertificate;

    @BeforeParameterizedClassInvocation
    static void prepareWorld(LedgerKind ledger) throws Exception {
        CLIENTS.clear();
        IDENTITIES.clear();
        SEALED.clear();
        REQUESTS.clear();
        dir = Files.createTempDirectory("fapiao-matrix-");
        network = switch (ledger) {
            case EMBEDDED -> FapiaoNetwork.start(dir);
            case FABRIC ->
                FapiaoNetwork.onFabric(
                        FabricNetwork.up(Path.of("target/fabric-matrix"), FABRIC_PORT_BASE), FINANCE_MSP);
        };
        network.bootstrap();
        FapiaoLedger admin = network.client(FINANCE_MSP, "Admin");
        admin.registerSubmitter(
                USCC_TO_SUSPEND,
                "Clinic Under Review",
                HOSPITAL_MSP,
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(365)));

        CertificateAuthority hospitalCa = network.consortium().certificateAuthority(HOSPITAL_MSP);
        CertificateAuthority rogueCa = CertificateAuthority.create(
                CryptoSuite.INTL,
                "RogueOrg",
                "ca.rogue",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(365)));
        sealCertificate = rogueCa.issue(IdentityProfile.named("seal.hospital"));
        enrol(
                "HOSP",
                HOSPITAL_MSP,
                network.identity(HOSPITAL_MSP, "hospital1"),
                network.client(HOSPITAL_MSP, "hospital1"));
        enrol("ENT", HOSPITAL_MSP, pinned(hospitalCa, "erp.hospital", "enterprise", USCC_ENTERPRISE), null);
        enrol("FIN", FINANCE_MSP, network.identity(FINANCE_MSP, "verifier1"), network.client(FINANCE_MSP, "verifier1"));
        enrol("FADM", FINANCE_MSP, network.identity(FINANCE_MSP, "Admin"), admin);
        enrol("ISS", ISSUER_MSP, network.identity(ISSUER_MSP, "issuer1"), network.client(ISSUER_MSP, "issuer1"));
        enrol("CLM", ISSUER_MSP, network.identity(ISSUER_MSP, "claimant1"), network.client(ISSUER_MSP, "claimant1"));
        enrol("AUD", AUDITOR_MSP, network.identity(AUDITOR_MSP, "auditor1"), network.client(AUDITOR_MSP, "auditor1"));
        enrol(
                "UNK",
                "RogueOrgMSP",
                rogueCa.issue(IdentityProfile.named("rogue").withUnit("client").withAttribute("role", "finance")),
                null);
        enrol("EXP", HOSPITAL_MSP, pinned(hospitalCa, "his.expired", "hospital", USCC_EXPIRED), null);
        enrol("SUS", HOSPITAL_MSP, pinned(hospitalCa, "his.suspended", "hospital", USCC_SUSPENDED), null);

        FapiaoLedger hospital = CLIENTS.get("HOSP");
        FapiaoLedger verifier = CLIENTS.get("FIN");
        FapiaoLedger issuer = CLIENTS.get("ISS");
        Identity hospitalId = IDENTITIES.get("HOSP");
        submittedKey = submit(hospital, hospitalId, 1);
        submittedDigest = verifier.bill(submittedKey).bill().headerDigest();
        verifiedKey = submit(hospital, hospitalId, 2);
        verifiedDigest = verify(verifier, verifiedKey);
        BillKey third = submit(hospital, hospitalId, 3);
        String thirdDigest = verify(verifier, third);
        BillKey fourth = submit(hospital, hospitalId, 4);
        String fourthDigest = verify(verifier, fourth);
        long start = issuer.reserveNumberRange("ISSUER-01", "HN01", 2026, 100)
                .value()
                .start();
        toReverse = FapiaoNetwork.number("HN01", 2026, start);
        toClaim = FapiaoNetwork.number("HN01", 2026, start + 1);
        issue(issuer, third, thirdDigest, toReverse);
        issue(issuer, fourth, fourthDigest, toClaim);
        freeSequence = start + 2;
        anchor(CLIENTS.get("AUD"), IDENTITIES.get("AUD"), "C-1", sha256("c1"));
        long requestSeed = 200;
        for (String caller : CLIENTS.keySet()) {
            SEALED.put(caller, network.seal(IDENTITIES.get(caller), OWN_USCC.getOrDefault(caller, USCC_HOSPITAL), 100));
            // one node serves every cell: each caller's request gets its own request id
            REQUESTS.put(
                    caller,
                    network.sealRequest(
                            IDENTITIES.get(caller), OWN_USCC.getOrDefault(caller, USCC_HOSPITAL), requestSeed++));
        }
    }

    @AfterParameterizedClassInvocation
    static void stopLedger() throws Exception {
        if (network != null) {
            network.close();
            network = null;
        }
    }

    private static void enrol(String caller, String mspId, Identity identity, FapiaoLedger client) throws Exception {
        IDENTITIES.put(caller, identity);
        CLIENTS.put(caller, client != null ? client : network.client(mspId, identity));
    }

    /** An identity of {@code role} pinned to one USCC by the certificate's {@code uscc} attribute. */
    private static Identity pinned(CertificateAuthority ca, String name, String role, String uscc) {
        return ca.issue(IdentityProfile.named(name)
                .withUnit("client")
                .withAttribute("role", role)
                .withAttribute("uscc", uscc));
    }

    private static BillKey submit(FapiaoLedger client, Identity signer, long seed) throws Exception {
        SealedBill sealed = network.seal(signer, USCC_HOSPITAL, seed);
        client.submitBill(sealed);
        return FapiaoNetwork.key(sealed);
    }

    private static String verify(FapiaoLedger verifier, BillKey key) throws Exception {
        String digest = verifier.bill(key).bill().headerDigest();
        verifier.recordVerification(
                key,
                "ACCEPTED",
                List.of(),
                sign(IDENTITIES.get("FIN"), new VerdictStatement(key.toString(), digest, "ACCEPTED", List.of())));
        return digest;
    }

    private static Object issue(FapiaoLedger client, BillKey key, String digest, String number) throws LedgerException {
        Identity who = identityOf(client);
        String hash = sha256("invoice " + number + " of " + key);
        String checkCodeDigest = FapiaoNetwork.checkCodeDigest(number);
        return client.issueInvoice(
                key,
                number,
                checkCodeDigest,
                hash,
                sign(who, new IssuanceStatement(key.toString(), digest, number, checkCodeDigest, hash)));
    }

    private static Object anchor(FapiaoLedger client, Identity who, String id, String hash) throws LedgerException {
        return client.anchorDocument("contract", id, hash, sign(who, new AnchorStatement("contract", id, hash)));
    }

    private static Identity identityOf(FapiaoLedger client) {
        return CLIENTS.entrySet().stream()
                .filter(e -> e.getValue() == client)
                .map(e -> IDENTITIES.get(e.getKey()))
                .findFirst()
                .orElseThrow();
    }

    @FunctionalInterface
    private interface Call {
        Object run(FapiaoLedger client, Identity identity, String caller) throws Exception;
    }

    private static final Map<String, Call> CALLS = new HashMap<>();

    static {
        CALLS.put("InitGovernance", (c, id, k) -> c.initGovernance(FINANCE_MSP));
        CALLS.put("GrantRoles", (c, id, k) -> c.grantRoles(AUDITOR_MSP, List.of(Role.AUDITOR)));
        CALLS.put(
                "RegisterSubmitter",
                (c, id, k) -> c.registerSubmitter(
                        SampleBills.uscc(5),
                        "New Clinic",
                        HOSPITAL_MSP,
                        Instant.now().minus(Duration.ofDays(1)),
                        Instant.now().plus(Duration.ofDays(365))));
        CALLS.put(
                "SetSubmitterStatus",
                (c, id, k) -> c.setSubmitterStatus(USCC_TO_SUSPEND, SubmitterStatus.SUSPENDED, "inspection"));
        CALLS.put(
                "AddSealCertificate", (c, id, k) -> c.addSealCertificate(USCC_HOSPITAL, sealCertificate.certificate()));
        CALLS.put("GetSubmitter", (c, id, k) -> c.submitter(USCC_HOSPITAL));
        CALLS.put("GetGovernance", (c, id, k) -> c.governance());
        CALLS.put("SubmitBill", (c, id, k) -> c.submitBill(SEALED.get(k)));
        CALLS.put("SubmitBill(request)", (c, id, k) -> c.submitBill(REQUESTS.get(k)));
        CALLS.put(
                "RecordVerification",
                (c, id, k) -> c.recordVerification(
                        submittedKey,
                        "ACCEPTED",
                        List.of(),
                        sign(
                                id,
                                new VerdictStatement(
                                        submittedKey.toString(), submittedDigest, "ACCEPTED", List.of()))));
        CALLS.put("GetBill", (c, id, k) -> c.bill(submittedKey));
        CALLS.put("ListBills", (c, id, k) -> c.listBills(BillState.SUBMITTED, USCC_HOSPITAL, 10, null));
        CALLS.put("ReserveNumberRange", (c, id, k) -> c.reserveNumberRange("ISSUER-01", "HN01", 2026, 5));
        CALLS.put("ReserveBillCodeRange", (c, id, k) -> c.reserveBillCodeRange("ISSUER-01", "46010126", 5));
        CALLS.put("IssueInvoice", (c, id, k) -> {
            String number = FapiaoNetwork.number("HN01", 2026, freeSequence);
            String hash = sha256("invoice " + number);
            String checkCodeDigest = FapiaoNetwork.checkCodeDigest(number);
            return c.issueInvoice(
                    verifiedKey,
                    number,
                    checkCodeDigest,
                    hash,
                    sign(
                            id,
                            new IssuanceStatement(
                                    verifiedKey.toString(), verifiedDigest, number, checkCodeDigest, hash)));
        });
        CALLS.put("ReverseInvoice", (c, id, k) -> {
            String red = FapiaoNetwork.number("HN01", 2026, freeSequence + 1);
            String hash = sha256("red invoice " + red);
            return c.reverseInvoice(
                    toReverse,
                    "SALES_RETURN",
                    red,
                    hash,
                    sign(id, new ReversalStatement(toReverse, "SALES_RETURN", red, hash)));
        });
        CALLS.put("ClaimInvoice", (c, id, k) -> c.claimInvoice(toClaim, "POLICY-7781", "outpatient reimbursement"));
        CALLS.put("GetInvoice", (c, id, k) -> c.invoice(toClaim));
        CALLS.put("AnchorDocument", (c, id, k) -> anchor(c, id, "C-2", sha256("c2")));
        CALLS.put("GetDocument", (c, id, k) -> c.document("contract", "C-1"));
        CALLS.put("GetHistory", (c, id, k) -> c.history("bill:" + submittedKey));
    }

    /** The chaincode module's table, comment lines dropped. */
    static List<String> table() {
        try (InputStream in = FapiaoContract.class.getResourceAsStream("authorization-matrix.txt")) {
            assertThat(in)
                    .as("authorization-matrix.txt from the chaincode test jar")
                    .isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Arguments> cells() {
        List<String> lines = table();
        List<String> header = List.of(lines.get(0).trim().split("\\s+"));
        List<Arguments> cells = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.trim().split("\\s+");
            for (int i = 1; i < cols.length; i++) {
                cells.add(Arguments.of(cols[0], header.get(i), cols[i]));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} by {1}: {2}")
    @MethodSource("cells")
    void cell(String function, String caller, String expected) {
        Object result = null;
        Exception thrown = null;
        try {
            result = CALLS.get(function).run(CLIENTS.get(caller), IDENTITIES.get(caller), caller);
        } catch (Exception e) {
            thrown = e;
        }
        OUTCOMES.computeIfAbsent(ledger, l -> new java.util.concurrent.ConcurrentSkipListMap<>())
                .put(function + " by " + caller, Outcome.of(result, thrown));
        if (caller.equals("UNK")) {
            assertThat(thrown).isInstanceOf(LedgerRefused.class);
            return;
        }
        switch (expected) {
            case "ok" -> {
                if (thrown != null) {
                    throw new AssertionError(
                            function + " by " + caller + " should be allowed: " + thrown.getMessage(), thrown);
                }
                assertThat(result).isNotNull();
            }
            case "NA" -> assertRejected(thrown, "NOT_AUTHORIZED");
            case "NQ" -> assertRejected(thrown, "NOT_QUALIFIED");
            default -> throw new IllegalArgumentException("unknown expectation " + expected);
        }
    }

    /**
     * What a cell did, as a client sees it: the kind of answer (ok, or the exception type), the step
     * that failed, the code (the chaincode's, or the gRPC status of a refusal, or the result's type)
     * and the text.
     */
    record Outcome(String kind, String step, String code, String text) {
        static Outcome of(Object result, Exception thrown) {
            if (thrown == null) {
                String type = result == null
                        ? "null"
                        : result instanceof Recorded<?> recorded
                                ? "Recorded<" + recorded.value().getClass().getSimpleName() + ">"
                                : result.getClass().getSimpleName();
                return new Outcome("ok", "", type, "");
            }
            return switch (thrown) {
                case ChaincodeRejection e ->
                    new Outcome("ChaincodeRejection", e.step().name(), e.code(), e.reason());
                case LedgerRefused e ->
                    new Outcome("LedgerRefused", e.step().name(), e.status().name(), e.getMessage());
                case LedgerException e ->
                    new Outcome(e.getClass().getSimpleName(), e.step().name(), "", e.getMessage());
                default -> new Outcome(thrown.getClass().getSimpleName(), "", "", String.valueOf(thrown.getMessage()));
            };
        }

        private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
        private static final Pattern ENDORSER = Pattern.compile("(\\w+)@[\\w.-]+:\\d+: ");

        /** This outcome with transaction times and endorser addresses masked. */
        Outcome masked() {
            String text = ENDORSER.matcher(TIME.matcher(this.text).replaceAll("<time>"))
                    .replaceAll("$1@<endorser>: ");
            return new Outcome(kind, step, code, text);
        }

        @Override
        public String toString() {
            return kind
                    + (step.isEmpty() ? "" : " at " + step)
                    + (code.isEmpty() ? "" : " " + code)
                    + (text.isEmpty() ? "" : ": " + text);
        }
    }

    /**
     * Once both ledgers ran the table, each cell must have answered alike on both: the same kind of
     * answer, at the same step, with the same code and the same text, once what cannot be the same is
     * masked (transaction times in the contract's messages, and the endorser's address in a refusal's
     * details: the embedded node's listen address against the Fabric peer's). The unmasked differences
     * are printed.
     */
    @AfterAll
    static void bothLedgersAnsweredEveryCellAlike() {
        Map<String, Outcome> embedded = OUTCOMES.get(LedgerKind.EMBEDDED);
        Map<String, Outcome> fabric = OUTCOMES.get(LedgerKind.FABRIC);
        if (embedded == null || fabric == null) {
            return;
        }
        List<String> raw = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        embedded.forEach((cell, onEmbedded) -> {
            Outcome onFabric = fabric.get(cell);
            String pair = cell + "\n    embedded: " + onEmbedded + "\n    fabric:   " + onFabric;
            if (!onEmbedded.equals(onFabric)) {
                raw.add(pair);
            }
            if (onFabric == null || !onEmbedded.masked().equals(onFabric.masked())) {
                differences.add(pair);
            }
        });
        System.out.println("FapiaoAuthorizationMatrixIT: " + raw.size() + " of " + embedded.size()
                + " cells answered differently by the embedded node and Fabric before masking, " + differences.size()
                + " after" + (raw.isEmpty() ? "" : ":\n  " + String.join("\n  ", raw)));
        assertThat(differences)
                .as("cells the embedded node and Fabric answer differently")
                .isEmpty();
    }

    private static void assertRejected(Exception thrown, String code) {
        assertThat(thrown)
                .isInstanceOfSatisfying(
                        ChaincodeRejection.class,
                        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    @Test
    void everyTransactionOfTheContractIsInTheMatrix() {
        List<String> transactions = Stream.of(FapiaoContract.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Transaction.class))
                .map(java.lang.reflect.Method::getName)
                .sorted()
                .toList();
        // a row is a function, or a function with a kind of argument in brackets: SubmitBill(request)
        assertThat(CALLS.keySet().stream()
                        .map(row -> row.replaceFirst("\\(.*\\)$", ""))
                        .distinct())
                .containsExactlyInAnyOrderElementsOf(transactions);
        assertThat(table().subList(1, table().size()))
                .extracting(line -> line.trim().split("\\s+")[0])
                .containsExactlyInAnyOrderElementsOf(CALLS.keySet());
    }
}
