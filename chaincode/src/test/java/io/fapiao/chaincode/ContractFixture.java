package io.fapiao.chaincode;

import io.fapiao.chaincode.Consortium.Member;
import io.fapiao.chaincode.server.ChaincodeService;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.ledger.CheckCodeDigest;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.statement.AnchorStatement;
import io.fapiao.protocol.statement.IssuanceStatement;
import io.fapiao.protocol.statement.ReversalStatement;
import io.fapiao.protocol.statement.VerdictStatement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.hyperledger.fabric.contract.ContractRouter;

/**
 * A fresh in-memory ledger with the real contract router in front of it, and the helpers tests use to
 * produce valid arguments: sealed bills, signed verdicts, issuances, reversals and anchors.
 */
final class ContractFixture {
    private static ContractRouter router;
    // Strong references: the shim logs every call and every refusal, which drowns test output.
    private static final List<Logger> QUIET = List.of(
            Logger.getLogger("org.hyperledger"),
            Logger.getLogger("org.hyperledger.fabric.shim"),
            Logger.getLogger("org.hyperledger.fabric.contract"),
            Logger.getLogger("org.hyperledger.fabric.contract.ContractRouter"),
            Logger.getLogger(""));

    /** The check code of every invoice the helpers issue; only its digest may reach the ledger. */
    static final String CHECK_CODE = "12345678901234567890";
    /** The issuer's key of check-code digests in these tests. */
    static final SecretKey DIGEST_KEY =
            new SecretKeySpec("fixture check-code digest key, 32".getBytes(StandardCharsets.US_ASCII), "HmacSHA256");

    final Consortium org = Consortium.shared();
    final MemoryLedger ledger;

    ContractFixture() {
        this(new MemoryLedger());
    }

    private ContractFixture(MemoryLedger ledger) {
        this.ledger = ledger;
    }

    /** A fixture over a copy of this one's ledger. */
    ContractFixture copy() {
        return new ContractFixture(ledger.copy());
    }

    static synchronized ContractRouter router() {
        if (router == null) {
            router = ChaincodeService.router("fapiao");
            QUIET.forEach(logger -> logger.setLevel(Level.OFF));
        }
        return router;
    }

    Outcome call(Member who, String function, String... args) {
        MemoryLedger.Committed done = ledger.invoke(router(), who.mspId(), who.pem(), function, args);
        return new Outcome(
                function,
                done.response().getStatusCode(),
                done.response().getMessage(),
                done.response().getPayload() == null
                        ? new byte[0]
                        : done.response().getPayload(),
                done.eventName(),
                done.eventPayload());
    }

    /** Governance, role grants and the four registrations of {@link Consortium}. */
    ContractFixture bootstrap() {
        call(org.financeAdmin, "InitGovernance", Consortium.FINANCE_MSP).ok();
        call(org.financeAdmin, "GrantRoles", Consortium.HOSPITAL_MSP, "[\"hospital\",\"enterprise\"]")
                .ok();
        call(org.financeAdmin, "GrantRoles", Consortium.ISSUER_MSP, "[\"issuer\",\"claimant\"]")
                .ok();
        call(org.financeAdmin, "GrantRoles", Consortium.AUDITOR_MSP, "[\"auditor\"]")
                .ok();
        register(Consortium.USCC_HOSPITAL, "First People's Hospital", "2025-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        register(Consortium.USCC_ENTERPRISE, "Pharmacy Chain Ltd", "2025-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        register(Consortium.USCC_EXPIRED, "Closed Clinic", "2024-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
        register(Consortium.USCC_SUSPENDED, "Suspended Clinic", "2025-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        call(org.financeAdmin, "SetSubmitterStatus", Consortium.USCC_SUSPENDED, "suspended", "audit finding 2026-17")
                .ok();
        return this;
    }

    void register(String uscc, String name, String from, String to) {
        call(
                        org.financeAdmin,
                        "RegisterSubmitter",
                        "{\"uscc\":\"" + uscc + "\",\"name\":\"" + name
                                + "\",\"mspId\":\"" + Consortium.HOSPITAL_MSP + "\",\"validFrom\":\"" + from
                                + "\",\"validTo\":\""
                                + to + "\"}")
                .ok();
    }

    /** A freshly sealed outpatient bill (new content key each time), signed by {@code signer}. */
    SealedBill seal(Identity signer, String uscc, long seed) {
        try {
            List<java.security.cert.X509Certificate> recipients = signer.suite() == CryptoSuite.GM
                    ? List.of(org.gmRecipient.certificate())
                    : List.of(
                            org.finance.identity().certificate(),
                            org.issuer.identity().certificate());
            return BillSealer.seal(SampleBills.outpatient(seed, uscc), signer.signer(), recipients);
        } catch (ProtocolException e) {
            throw new AssertionError("sample bill does not seal", e);
        }
    }

    /** A freshly sealed invoice request of seller {@code uscc}, signed by {@code signer}, for finance and issuer. */
    SealedBill sealRequest(Identity signer, String uscc, long seed) {
        try {
            return BillSealer.seal(
                    SampleBills.invoiceRequest(seed, uscc),
                    signer.signer(),
                    List.of(
                            org.finance.identity().certificate(),
                            org.issuer.identity().certificate()));
        } catch (ProtocolException e) {
            throw new AssertionError("sample invoice request does not seal", e);
        }
    }

    static String json(SealedBill sealed) {
        return new String(sealed.toJson(), StandardCharsets.UTF_8);
    }

    static String billKey(SealedBill sealed) {
        return sealed.header().issuerId() + ":" + sealed.header().billId();
    }

    /** Submits a new bill of the hospital and returns its key. */
    String submitted(long seed) {
        SealedBill sealed = seal(org.hospital.identity(), Consortium.USCC_HOSPITAL, seed);
        call(org.hospital, "SubmitBill", json(sealed)).ok();
        return billKey(sealed);
    }

    String verified(long seed) {
        String key = submitted(seed);
        verdict(org.finance, key, "ACCEPTED", List.of()).ok();
        return key;
    }

    Outcome verdict(Member who, String billKey, String verdict, List<String> reasons) {
        String digest = headerDigest(billKey);
        String signature = sign(who, new VerdictStatement(billKey, digest, verdict, reasons));
        return call(who, "RecordVerification", billKey, verdict, reasonsJson(reasons), signature);
    }

    static String reasonsJson(List<String> reasons) {
        return reasons.stream()
                .map(r -> "\"" + r + "\"")
                .reduce((a, b) -> a + "," + b)
                .map(s -> "[" + s + "]")
                .orElse("[]");
    }

    /** The header digest as stored, read straight from the ledger so helpers work for any caller. */
    String headerDigest(String billKey) {
        String[] parts = billKey.split(":", 2);
        byte[] value = ledger.state.get(io.fapiao.chaincode.ledger.Keys.bill(parts[0], parts[1]));
        if (value == null) {
            return "AAAA";
        }
        return io.fapiao.chaincode.ledger.Ledger.parse(value, tools.jackson.databind.JsonNode.class)
                .get("headerDigest")
                .stringValue();
    }

    /** Reserves a range of bill code {@code prefix} + 26 for the issuer and returns its first number's sequence. */
    long reserve(Member who, String prefix, int count) {
        return call(who, "ReserveBillCodeRange", "ISSUER-01", prefix + "26", Integer.toString(count))
                .ok()
                .get("start")
                .longValue();
    }

    /** A number of bill code {@code prefix} + 26, e.g. {@code 46010126-0000000001}. */
    static String number(String prefix, long sequence) {
        return io.fapiao.protocol.ledger.InvoiceNumber.ofBillCode(prefix, 2026, sequence)
                .toString();
    }

    /** Reserves a range of an old series of 2026, as issuers did before the MoF form. */
    long reserveSeries(Member who, String series, int count) {
        return call(who, "ReserveNumberRange", "ISSUER-01", series, "2026", Integer.toString(count))
                .ok()
                .get("start")
                .longValue();
    }

    /** A number of an old series of 2026, e.g. {@code HN01-2026-00000001}. */
    static String seriesNumber(String series, long sequence) {
        return String.format("%s-2026-%08d", series, sequence);
    }

    /** Issues with the digest of {@link #CHECK_CODE} under {@link #DIGEST_KEY}, as an issuer would. */
    Outcome issue(Member who, String billKey, String number) {
        return issue(who, billKey, number, CheckCodeDigest.of(DIGEST_KEY, number, CHECK_CODE));
    }

    /** Issues with {@code checkCodeDigest} as given, under a valid signature over it. */
    Outcome issue(Member who, String billKey, String number, String checkCodeDigest) {
        String hash = sha256("invoice " + number + " of " + billKey);
        String signature =
                sign(who, new IssuanceStatement(billKey, headerDigest(billKey), number, checkCodeDigest, hash));
        return call(who, "IssueInvoice", billKey, number, checkCodeDigest, hash, signature);
    }

    Outcome reverse(Member who, String number, String redNumber) {
        String hash = sha256("red invoice " + redNumber);
        String signature = sign(who, new ReversalStatement(number, "SALES_RETURN", redNumber, hash));
        return call(who, "ReverseInvoice", number, "SALES_RETURN", redNumber, hash, signature);
    }

    Outcome claim(Member who, String number) {
        return call(who, "ClaimInvoice", number, "POLICY-7781", "outpatient reimbursement");
    }

    Outcome anchor(Member who, String kind, String id, String sha256) {
        return call(who, "AnchorDocument", kind, id, sha256, sign(who, new AnchorStatement(kind, id, sha256)));
    }

    static String sign(Member who, io.fapiao.protocol.statement.Statement statement) {
        try {
            Signer signer = who.identity().signer();
            return Base64Url.encode(statement.sign(signer));
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
