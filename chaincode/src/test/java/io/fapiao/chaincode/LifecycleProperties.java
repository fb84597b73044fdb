package io.fapiao.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.chaincode.Consortium.Member;
import io.fapiao.chaincode.ledger.Keys;
import io.fapiao.chaincode.ledger.Ledger;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.seal.SealedBill;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;

/**
 * Random sequences of operations by random callers (the right role half of the time, anyone otherwise)
 * against one ledger, checking after every step that no illegal state was reached: no unverified or
 * rejected bill issued, no number used twice, no second claim, no illegal transition, no overlapping
 * ranges, one event per committed change, and a stable code on every refusal.
 */
class LifecycleProperties {
    private static final Consortium ORG = Consortium.shared();
    private static final List<Member> ANYONE = List.of(
            ORG.hospital,
            ORG.enterprise,
            ORG.finance,
            ORG.financeAdmin,
            ORG.issuer,
            ORG.claimant,
            ORG.auditor,
            ORG.rogueFinance,
            ORG.otherHospital,
            ORG.expiredHospital);
    private static final List<SealedBill> BILLS = new ArrayList<>();
    private static final List<Member> SUBMITTERS = new ArrayList<>();
    private static final List<String> BILL_KEYS = new ArrayList<>();
    private static final List<String> NUMBERS = new ArrayList<>();

    enum Kind {
        SUBMIT,
        VERIFY,
        RESERVE,
        ISSUE,
        REVERSE,
        CLAIM,
        SUSPEND
    }

    record Op(Kind kind, boolean rightRole, int actor, int a, int b) {}

    @BeforeContainer
    static void sealBills() {
        if (!BILLS.isEmpty()) {
            return;
        }
        ContractFixture fx = new ContractFixture();
        for (int seed = 0; seed < 4; seed++) {
            add(fx.seal(ORG.hospital.identity(), Consortium.USCC_HOSPITAL, seed), ORG.hospital);
        }
        add(fx.seal(ORG.enterprise.identity(), Consortium.USCC_ENTERPRISE, 0), ORG.enterprise);
        // Same id as the first bill, other content: must conflict.
        add(fx.seal(ORG.hospital.identity(), Consortium.USCC_HOSPITAL, 0), ORG.hospital);
        // Signed by a colleague's certificate: a mismatch when the hospital submits it.
        add(fx.seal(ORG.otherHospital.identity(), Consortium.USCC_HOSPITAL, 5), ORG.hospital);
        BILLS.stream().map(ContractFixture::billKey).distinct().forEach(BILL_KEYS::add);
        for (int i = 1; i <= 8; i++) {
            NUMBERS.add(ContractFixture.number("460101", i));
        }
        NUMBERS.add("46010126-0000000500");
        NUMBERS.add("99999926-0000000001");
        NUMBERS.add("HN01-2026-00000001");
    }

    private static void add(SealedBill bill, Member submitter) {
        BILLS.add(bill);
        SUBMITTERS.add(submitter);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        // Weighted so that sequences reach issuance, claims and reversals; right role three times in four;
        // bills and numbers drawn from small pools so that operations meet the same records.
        Arbitrary<Kind> kind = Arbitraries.frequency(
                Tuple.of(3, Kind.SUBMIT),
                Tuple.of(3, Kind.VERIFY),
                Tuple.of(2, Kind.RESERVE),
                Tuple.of(3, Kind.ISSUE),
                Tuple.of(2, Kind.REVERSE),
                Tuple.of(2, Kind.CLAIM),
                Tuple.of(1, Kind.SUSPEND));
        Arbitrary<Op> op = Combinators.combine(
                        kind,
                        Arbitraries.frequency(Tuple.of(3, true), Tuple.of(1, false)),
                        Arbitraries.integers().between(0, ANYONE.size() - 1),
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(0, 9))
                .as(Op::new);
        return op.list().ofMinSize(10).ofMaxSize(50);
    }

    @Property(tries = 150)
    void noSequenceOfCallsReachesAnIllegalState(@ForAll("operations") List<Op> ops) {
        ContractFixture fx = new ContractFixture().bootstrap();
        int before = fx.ledger.committed.size();
        for (Op op : ops) {
            Outcome outcome = run(fx, op);
            if (!outcome.succeeded()) {
                assertThat(outcome.code()).isNotNull();
            }
            Statistics.label("committed").collect(op.kind(), outcome.succeeded() && outcome.eventName() != null);
            checkState(fx);
        }
        checkLog(fx, before);
        // The property is only worth something if sequences get far: issuances, claims and reversals happen.
        Statistics.label("committed").coverage(coverage -> {
            coverage.check(Kind.ISSUE, true).count(c -> c > 0);
            coverage.check(Kind.CLAIM, true).count(c -> c > 0);
            coverage.check(Kind.REVERSE, true).count(c -> c > 0);
        });
    }

    private static Outcome run(ContractFixture fx, Op op) {
        Member anyone = ANYONE.get(op.actor());
        // Targets are drawn from what exists (bills in the state an operation needs, unused reserved numbers)
        // when b is small, and from fixed pools otherwise, so sequences both progress and try the illegal.
        boolean directed = op.b() < 7;
        return switch (op.kind()) {
            case SUBMIT -> {
                int i = op.a() < 7 ? op.a() % 3 : op.a() % BILLS.size();
                yield fx.call(
                        op.rightRole() ? SUBMITTERS.get(i) : anyone, "SubmitBill", ContractFixture.json(BILLS.get(i)));
            }
            case VERIFY ->
                fx.verdict(
                        op.rightRole() ? ORG.finance : anyone,
                        directed ? pick(billsIn(fx, "SUBMITTED"), op.a(), billKey(op.a())) : billKey(op.a()),
                        op.b() % 4 != 0 ? "ACCEPTED" : "REJECTED",
                        op.b() % 4 != 0 ? List.of() : List.of("AMOUNT_MISMATCH"));
            case RESERVE ->
                fx.call(
                        op.rightRole() ? ORG.issuer : anyone,
                        "ReserveBillCodeRange",
                        "ISSUER-01",
                        "46010126",
                        Integer.toString(1 + op.b() % 3));
            case ISSUE ->
                fx.issue(
                        op.rightRole() ? ORG.issuer : anyone,
                        directed ? pick(billsIn(fx, "VERIFIED"), op.a(), billKey(op.a())) : billKey(op.a()),
                        directed ? pick(freeNumbers(fx), op.a(), number(op.b())) : number(op.b()));
            case REVERSE ->
                fx.reverse(
                        op.rightRole() ? ORG.issuer : anyone,
                        directed ? pick(invoices(fx), op.a(), number(op.a())) : number(op.a()),
                        directed ? pick(freeNumbers(fx), op.b(), number(op.b())) : number(op.b()));
            case CLAIM ->
                fx.claim(
                        op.rightRole() ? ORG.claimant : anyone,
                        directed ? pick(invoices(fx), op.a(), number(op.a())) : number(op.a()));
            case SUSPEND ->
                fx.call(
                        op.rightRole() ? ORG.financeAdmin : anyone,
                        "SetSubmitterStatus",
                        Consortium.USCC_HOSPITAL,
                        op.b() % 4 == 0 ? "suspended" : "active",
                        "property test");
        };
    }

    private static String pick(List<String> candidates, int index, String otherwise) {
        return candidates.isEmpty() ? otherwise : candidates.get(index % candidates.size());
    }

    private static List<String> billsIn(ContractFixture fx, String state) {
        return records(fx, Keys.BILL).values().stream()
                .filter(b -> b.get("state").stringValue().equals(state))
                .map(b -> b.get("billKey").stringValue())
                .sorted()
                .toList();
    }

    private static List<String> invoices(ContractFixture fx) {
        return records(fx, Keys.INVOICE).values().stream()
                .map(i -> i.get("invoiceNumber").stringValue())
                .sorted()
                .toList();
    }

    private static List<String> freeNumbers(ContractFixture fx) {
        List<String> free = new ArrayList<>();
        for (JsonNode range : records(fx, Keys.RANGE).values()) {
            for (long n = range.get("start").longValue(); n <= range.get("end").longValue(); n++) {
                if (!fx.ledger.state.containsKey(Keys.number("460101", 2026, n))) {
                    free.add(ContractFixture.number("460101", n));
                }
            }
        }
        return free.stream().sorted().toList();
    }

    /** Mostly the first three bills, sometimes any, so that operations meet the same bills. */
    private static String billKey(int a) {
        return BILL_KEYS.get(a < 7 ? a % 3 : a % BILL_KEYS.size());
    }

    /** Mostly the first four numbers, sometimes any, including ones no range holds. */
    private static String number(int b) {
        return NUMBERS.get(b < 8 ? b % 4 : b % NUMBERS.size());
    }

    /** Invariants of the world state as it stands. */
    private static void checkState(ContractFixture fx) {
        Map<String, JsonNode> bills = records(fx, Keys.BILL);
        Map<String, JsonNode> invoices = records(fx, Keys.INVOICE);
        Map<String, JsonNode> numbers = records(fx, Keys.NUMBER);
        List<JsonNode> ranges = new ArrayList<>(records(fx, Keys.RANGE).values());
        for (JsonNode bill : bills.values()) {
            BillState state = BillState.valueOf(bill.get("state").stringValue());
            JsonNode verification = bill.get("verification");
            switch (state) {
                case SUBMITTED -> assertThat(verification).isNull();
                case REJECTED ->
                    assertThat(verification.get("verdict").stringValue()).isEqualTo("REJECTED");
                case VERIFIED, ISSUED, REVERSED ->
                    assertThat(verification.get("verdict").stringValue()).isEqualTo("ACCEPTED");
            }
            assertThat(bill.get("invoiceNumber") != null)
                    .isEqualTo(state == BillState.ISSUED || state == BillState.REVERSED);
        }
        Set<String> invoiceNumbers = new HashSet<>();
        for (JsonNode invoice : invoices.values()) {
            String number = invoice.get("invoiceNumber").stringValue();
            invoiceNumbers.add(number);
            JsonNode bill = bills.values().stream()
                    .filter(b -> b.get("billKey")
                            .stringValue()
                            .equals(invoice.get("billKey").stringValue()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("invoice " + number + " has no bill"));
            assertThat(bill.get("verification").get("verdict").stringValue())
                    .as("invoice %s issued for a bill that was not accepted", number)
                    .isEqualTo("ACCEPTED");
            if (invoice.get("kind").stringValue().equals("BLUE")) {
                assertThat(bill.get("invoiceNumber").stringValue())
                        .as("one blue invoice per bill")
                        .isEqualTo(number);
            }
            String state = invoice.get("state").stringValue();
            assertThat(state.equals("CLAIMED")).isEqualTo(invoice.get("claim") != null);
            assertThat(state.equals("REVERSED")).isEqualTo(invoice.get("reversal") != null);
            long sequence = Long.parseLong(number.substring(number.lastIndexOf('-') + 1));
            assertThat(ranges)
                    .as("number %s lies in a range of the issuing MSP", number)
                    .anyMatch(r -> r.get("start").longValue() <= sequence
                            && sequence <= r.get("end").longValue()
                            && r.get("mspId")
                                    .stringValue()
                                    .equals(invoice.get("issued").get("mspId").stringValue()));
        }
        Set<String> usedNumbers = new HashSet<>();
        numbers.values().forEach(n -> usedNumbers.add(n.get("invoiceNumber").stringValue()));
        assertThat(usedNumbers).isEqualTo(invoiceNumbers);
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                JsonNode x = ranges.get(i);
                JsonNode y = ranges.get(j);
                assertThat(x.get("end").longValue() < y.get("start").longValue()
                                || y.get("end").longValue() < x.get("start").longValue())
                        .as("ranges overlap")
                        .isTrue();
            }
        }
        for (JsonNode claim : records(fx, Keys.CLAIM).values()) {
            JsonNode invoice =
                    invoices.get(Keys.invoice(claim.get("invoiceNumber").stringValue()));
            assertThat(invoice.get("state").stringValue()).isEqualTo("CLAIMED");
        }
    }

    /** Invariants of everything committed since the bootstrap. */
    private static void checkLog(ContractFixture fx, int from) {
        Map<String, Integer> claimWrites = new HashMap<>();
        Map<String, Integer> numberWrites = new HashMap<>();
        Map<String, String> invoiceIdentity = new HashMap<>();
        Map<String, BillState> billStates = new HashMap<>();
        for (MemoryLedger.Committed tx : fx.ledger.committed.subList(from, fx.ledger.committed.size())) {
            boolean ok = tx.response().getStatusCode() == 200;
            assertThat(
                            ok
                                    ? tx.writes().isEmpty() == (tx.eventName() == null)
                                    : tx.writes().isEmpty())
                    .as("%s: a committed change sets exactly one event, a refusal changes nothing", tx.function())
                    .isTrue();
            tx.writes().forEach((key, value) -> {
                if (key.startsWith(Keys.of(Keys.CLAIM))) {
                    assertThat(claimWrites.merge(key, 1, Integer::sum))
                            .as("a second claim")
                            .isEqualTo(1);
                }
                if (key.startsWith(Keys.of(Keys.NUMBER))) {
                    assertThat(numberWrites.merge(key, 1, Integer::sum))
                            .as("a number used twice")
                            .isEqualTo(1);
                }
                if (key.startsWith(Keys.of(Keys.INVOICE))) {
                    JsonNode invoice = Ledger.parse(value, JsonNode.class);
                    String identity = invoice.get("kind").stringValue() + " "
                            + invoice.get("billKey").stringValue();
                    assertThat(invoiceIdentity.putIfAbsent(key, identity)).isIn(null, identity);
                }
                if (key.startsWith(Keys.of(Keys.BILL)) && value != null) {
                    JsonNode bill = Ledger.parse(value, JsonNode.class);
                    BillState next = BillState.valueOf(bill.get("state").stringValue());
                    BillState previous = billStates.put(key, next);
                    assertThat(previous == null ? next == BillState.SUBMITTED : previous.canBecome(next))
                            .as("bill went from %s to %s", previous, next)
                            .isTrue();
                }
            });
        }
    }

    private static Map<String, JsonNode> records(ContractFixture fx, String objectType) {
        String prefix = Keys.of(objectType);
        Map<String, JsonNode> records = new HashMap<>();
        fx.ledger.state.tailMap(prefix).forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                records.put(key, Ledger.parse(value, JsonNode.class));
            }
        });
        return records;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
