package io.fapiao.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.chaincode.Consortium.Member;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.seal.SealedBill;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function × every caller: the six roles, a finance admin, an MSP the governance record does not
 * know (carrying a {@code finance} certificate from its own CA), and hospital identities whose USCC's
 * qualification has expired or is suspended. Each cell runs on its own copy of one prepared ledger and
 * asserts allow (the call succeeds) or deny with the exact code.
 */
class AuthorizationMatrixTest {
    /**
     * Rows: function; columns: the callers of {@link #CALLERS}, in order. ok = allowed. Kept in
     * {@code authorization-matrix.txt} so the ledger-client runs the same table through a real node.
     */
    static final String MATRIX = readMatrix();

    private static final Consortium ORG = Consortium.shared();
    private static final Map<String, Member> CALLERS = new LinkedHashMap<>();
    private static final Map<String, String> OWN_USCC = new HashMap<>();
    private static final Map<String, SealedBill> SEALED = new HashMap<>();
    private static final Map<String, SealedBill> REQUESTS = new HashMap<>();
    private static ContractFixture world;
    private static String submittedKey;
    private static String verifiedKey;
    private static String issuedNumber;
    private static long freeSequence;

    static {
        CALLERS.put("HOSP", ORG.hospital);
        CALLERS.put("ENT", ORG.enterprise);
        CALLERS.put("FIN", ORG.finance);
        CALLERS.put("FADM", ORG.financeAdmin);
        CALLERS.put("ISS", ORG.issuer);
        CALLERS.put("CLM", ORG.claimant);
        CALLERS.put("AUD", ORG.auditor);
        CALLERS.put("UNK", ORG.rogueFinance);
        CALLERS.put("EXP", ORG.expiredHospital);
        CALLERS.put("SUS", ORG.suspendedHospital);
        OWN_USCC.put("ENT", Consortium.USCC_ENTERPRISE);
        OWN_USCC.put("EXP", Consortium.USCC_EXPIRED);
        OWN_USCC.put("SUS", Consortium.USCC_SUSPENDED);
    }

    @BeforeAll
    static void prepareWorld() {
        world = new ContractFixture().bootstrap();
        submittedKey = world.submitted(1);
        verifiedKey = world.verified(2);
        String toIssue = world.verified(3);
        long start = world.reserve(ORG.issuer, "460101", 10);
        issuedNumber = ContractFixture.number("460101", start);
        world.issue(ORG.issuer, toIssue, issuedNumber).ok();
        freeSequence = start + 1;
        world.anchor(ORG.auditor, "contract", "C-1", ContractFixture.sha256("c1"))
                .ok();
        CALLERS.forEach((name, member) -> SEALED.put(
                name, world.seal(member.identity(), OWN_USCC.getOrDefault(name, Consortium.USCC_HOSPITAL), 100)));
        CALLERS.forEach((name, member) -> REQUESTS.put(
                name,
                world.sealRequest(member.identity(), OWN_USCC.getOrDefault(name, Consortium.USCC_HOSPITAL), 100)));
    }

    /** The table without its comment lines. */
    static String readMatrix() {
        try (java.io.InputStream in = AuthorizationMatrixTest.class.getResourceAsStream("authorization-matrix.txt")) {
            if (in == null) {
                throw new IllegalStateException("authorization-matrix.txt is not on the test classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.startsWith("#"))
                    .collect(java.util.stream.Collectors.joining("\n"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        List<String> lines = MATRIX.lines().filter(l -> !l.isBlank()).toList();
        List<String> header = List.of(lines.get(0).trim().split("\\s+"));
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.trim().split("\\s+");
            for (int i = 1; i < cols.length; i++) {
                cells.add(Arguments.of(cols[0], header.get(i), cols[i]));
            }
        }
        return cells.stream();
    }

    private static final Map<String, BiFunction<ContractFixture, String, Outcome>> CALLS = new HashMap<>();

    static {
        CALLS.put("InitGovernance", (fx, c) -> fx.call(CALLERS.get(c), "InitGovernance", Consortium.FINANCE_MSP));
        CALLS.put(
                "GrantRoles",
                (fx, c) -> fx.call(CALLERS.get(c), "GrantRoles", Consortium.AUDITOR_MSP, "[\"auditor\"]"));
        CALLS.put(
                "RegisterSubmitter",
                (fx, c) -> fx.call(
                        CALLERS.get(c),
                        "RegisterSubmitter",
                        "{\"uscc\":\""
                                + io.fapiao.protocol.bill.SampleBills.uscc(5)
                                + "\",\"name\":\"New Clinic\",\"mspId\":\""
                                + Consortium.HOSPITAL_MSP
                                + "\",\"validFrom\":\"2026-01-01T00:00:00Z\",\"validTo\":\"2028-01-01T00:00:00Z\"}"));
        CALLS.put(
                "SetSubmitterStatus",
                (fx, c) -> fx.call(
                        CALLERS.get(c), "SetSubmitterStatus", Consortium.USCC_HOSPITAL, "suspended", "inspection"));
        CALLS.put(
                "AddSealCertificate",
                (fx, c) -> fx.call(
                        CALLERS.get(c),
                        "AddSealCertificate",
                        Consortium.USCC_HOSPITAL,
                        Pem.certificate(ORG.gmSeal.certificate())));
        CALLS.put("GetSubmitter", (fx, c) -> fx.call(CALLERS.get(c), "GetSubmitter", Consortium.USCC_HOSPITAL));
        CALLS.put("GetGovernance", (fx, c) -> fx.call(CALLERS.get(c), "GetGovernance"));
        CALLS.put("SubmitBill", (fx, c) -> fx.call(CALLERS.get(c), "SubmitBill", ContractFixture.json(SEALED.get(c))));
        CALLS.put(
                "SubmitBill(request)",
                (fx, c) -> fx.call(CALLERS.get(c), "SubmitBill", ContractFixture.json(REQUESTS.get(c))));
        CALLS.put("RecordVerification", (fx, c) -> fx.verdict(CALLERS.get(c), submittedKey, "ACCEPTED", List.of()));
        CALLS.put("GetBill", (fx, c) -> fx.call(CALLERS.get(c), "GetBill", submittedKey));
        CALLS.put(
                "ListBills",
                (fx, c) -> fx.call(CALLERS.get(c), "ListBills", "SUBMITTED", Consortium.USCC_HOSPITAL, "10", ""));
        CALLS.put(
                "ReserveNumberRange",
                (fx, c) -> fx.call(CALLERS.get(c), "ReserveNumberRange", "ISSUER-01", "HN01", "2026", "5"));
        CALLS.put(
                "ReserveBillCodeRange",
                (fx, c) -> fx.call(CALLERS.get(c), "ReserveBillCodeRange", "ISSUER-01", "46010126", "5"));
        CALLS.put(
                "IssueInvoice",
                (fx, c) -> fx.issue(CALLERS.get(c), verifiedKey, ContractFixture.number("460101", freeSequence)));
        CALLS.put(
                "ReverseInvoice",
                (fx, c) ->
                        fx.reverse(CALLERS.get(c), issuedNumber, ContractFixture.number("460101", freeSequence + 1)));
        CALLS.put("ClaimInvoice", (fx, c) -> fx.claim(CALLERS.get(c), issuedNumber));
        CALLS.put("GetInvoice", (fx, c) -> fx.call(CALLERS.get(c), "GetInvoice", issuedNumber));
        CALLS.put(
                "AnchorDocument",
                (fx, c) -> fx.anchor(CALLERS.get(c), "contract", "C-2", ContractFixture.sha256("c2")));
        CALLS.put("GetDocument", (fx, c) -> fx.call(CALLERS.get(c), "GetDocument", "contract", "C-1"));
        CALLS.put("GetHistory", (fx, c) -> fx.call(CALLERS.get(c), "GetHistory", "bill:" + submittedKey));
    }

    @ParameterizedTest(name = "{0} by {1}: {2}")
    @MethodSource("cells")
    void cell(String function, String caller, String expected) {
        ContractFixture fx = world.copy();
        Outcome outcome = CALLS.get(function).apply(fx, caller);
        switch (expected) {
            case "ok" -> outcome.ok();
            case "NA" -> assertThat(outcome.code()).as(outcome.message()).isEqualTo(ChaincodeError.NOT_AUTHORIZED);
            case "NQ" -> assertThat(outcome.code()).as(outcome.message()).isEqualTo(ChaincodeError.NOT_QUALIFIED);
            default -> throw new IllegalArgumentException("unknown expectation " + expected);
        }
    }

    @org.junit.jupiter.api.Test
    void everyTransactionOfTheContractIsInTheMatrix() {
        List<String> transactions = Stream.of(FapiaoContract.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(org.hyperledger.fabric.contract.annotation.Transaction.class))
                .map(java.lang.reflect.Method::getName)
                .sorted()
                .toList();
        // a row is a function, or a function with a kind of argument in brackets: SubmitBill(request)
        assertThat(CALLS.keySet().stream()
                        .map(row -> row.replaceFirst("\\(.*\\)$", ""))
                        .distinct())
                .containsExactlyInAnyOrderElementsOf(transactions);
        assertThat(cells().count()).isEqualTo((long) CALLS.size() * CALLERS.size());
    }
}
