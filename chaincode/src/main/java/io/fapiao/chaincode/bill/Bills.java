package io.fapiao.chaincode.bill;

import io.fapiao.chaincode.Arguments;
import io.fapiao.chaincode.ChaincodeError;
import io.fapiao.chaincode.Event;
import io.fapiao.chaincode.access.Access;
import io.fapiao.chaincode.access.Caller;
import io.fapiao.chaincode.ledger.Keys;
import io.fapiao.chaincode.ledger.Ledger;
import io.fapiao.chaincode.ledger.Page;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillPage;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.Provenance;
import io.fapiao.protocol.ledger.Role;
import io.fapiao.protocol.ledger.SealCertificate;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.protocol.ledger.Submitter;
import io.fapiao.protocol.ledger.Verification;
import io.fapiao.protocol.seal.Recipient;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.seal.SealedBillHeader;
import io.fapiao.protocol.statement.VerdictStatement;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Submission, verification and reading of bills.
 *
 * <pre>{@code
 * Bills bills = new Bills(ledger, access);
 * BillRecord submitted = bills.submit(caller, sealedBillJson);
 * BillRecord verified = bills.recordVerification(caller, submitted.billKey(), "ACCEPTED", "[]", signature);
 * }</pre>
 */
public final class Bills {
    /** The largest page ListBills returns. */
    public static final int MAX_PAGE_SIZE = 100;

    private static final Pattern STATE = Pattern.compile("SUBMITTED|VERIFIED|REJECTED|ISSUED|REVERSED");

    private final Ledger ledger;
    private final Access access;

    public Bills(Ledger ledger, Access access) {
        this.ledger = ledger;
        this.access = access;
    }

    /**
     * Accepts a sealed bill: checks the envelope without decrypting it, binds it to the caller, stores it
     * and moves it to SUBMITTED. The identical sealed bill again returns the stored record unchanged.
     *
     * <p>A hospital or enterprise submits for a USCC registered to its own MSP. An issuer submits only
     * envelopes that carry an invoice request ({@code billCode VAT-REQUEST}), sealed with its own
     * certificate, for any registered and qualified submitter: intake on a REST client's behalf (the
     * issuer authenticated the client; the ledger records that the issuer vouched for it).
     */
    public BillRecord submit(Caller caller, String sealedBillJson) {
        Role role = access.requireRole(caller, "SubmitBill", Role.HOSPITAL, Role.ENTERPRISE, Role.ISSUER);
        Arguments.requirePresent("sealedBill", sealedBillJson);
        SealedBill sealed;
        X509Certificate signer;
        try {
            sealed = SealedBill.fromJson(sealedBillJson.getBytes(StandardCharsets.UTF_8));
            sealed.checkHeaderDigest();
            signer = sealed.checkSignature();
        } catch (ProtocolException e) {
            throw switch (e.code()) {
                case HEADER_DIGEST_MISMATCH ->
                    ChaincodeError.HEADER_DIGEST_MISMATCH.exception(
                            "the sealed bill's header digest does not match its header fields; reseal the bill");
                case BAD_SIGNATURE ->
                    ChaincodeError.BAD_SIGNATURE.exception(
                            "the sealed bill's signature does not verify under its signer certificate; reseal the bill");
                default ->
                    ChaincodeError.MALFORMED.exception(
                            "sealedBill is not a readable v1 sealed bill: " + e.getMessage());
            };
        }
        SealedBillHeader header = sealed.header();
        String signerFingerprint = Caller.fingerprint(signer);
        Submitter submitter;
        if (role == Role.ISSUER) {
            if (!header.carriesInvoiceRequest()) {
                throw ChaincodeError.NOT_AUTHORIZED.exception("an issuer submits only invoice requests (billCode "
                        + InvoiceRequest.ENVELOPE_BILL_CODE + ") on a client's behalf, not bills with billCode "
                        + header.billCode() + "; bills are submitted by their hospital or enterprise");
            }
            submitter = access.requireQualified(header.issuerId());
            if (!signerFingerprint.equals(caller.fingerprint())) {
                throw ChaincodeError.SIGNER_MISMATCH.exception("an invoice request taken in by an issuer must be "
                        + "sealed with the calling issuer's own certificate; it is signed by " + signerFingerprint
                        + " (" + signer.getSubjectX500Principal().getName() + ")");
            }
        } else {
            submitter = access.requireQualifiedSubmitter(caller, header.issuerId());
        }
        if (!signerFingerprint.equals(caller.fingerprint()) && !registeredSeal(submitter, signerFingerprint)) {
            throw ChaincodeError.SIGNER_MISMATCH.exception("the sealed bill is signed by certificate "
                    + signerFingerprint + " ("
                    + signer.getSubjectX500Principal().getName()
                    + "), which is neither the caller's certificate nor a seal certificate registered for USCC "
                    + submitter.uscc() + " and valid now; sign with your own certificate or have the finance "
                    + "authority register the seal certificate");
        }
        byte[] canonical = sealed.toJson();
        String sealedDigest = Base64Url.encode(CryptoSuite.INTL.digest(canonical));
        BillKey billKey = new BillKey(header.issuerId(), header.billId());
        String key = Keys.bill(billKey.uscc(), billKey.billId());
        Optional<BillRecord> existing = ledger.read(key, BillRecord.class);
        if (existing.isPresent()) {
            if (existing.get().sealedBillDigest().equals(sealedDigest)) {
                return existing.get();
            }
            throw ChaincodeError.BILL_CONFLICT.exception("bill " + billKey + " was already submitted with header "
                    + "digest " + existing.get().headerDigest() + "; a different sealed bill cannot reuse its id");
        }
        Provenance written = ledger.provenance(caller.mspId(), caller.fingerprint());
        List<String> recipients =
                sealed.recipients().stream().map(Recipient::fingerprint).toList();
        BillRecord record = new BillRecord(
                billKey.toString(),
                billKey.uscc(),
                billKey.billId(),
                header.billCode(),
                header.issuedAt(),
                header.suite().name(),
                header.headerDigest().base64Url(),
                sealedDigest,
                signerFingerprint,
                recipients,
                BillState.SUBMITTED,
                written,
                null,
                null,
                written);
        ledger.writeBytes(Keys.sealedBill(billKey.uscc(), billKey.billId()), canonical);
        ledger.write(key, record);
        index(record);
        ledger.emit(
                "BillSubmitted",
                Event.of("bill:" + billKey, BillState.SUBMITTED.name(), written)
                        .with("billKey", billKey.toString())
                        .with("uscc", billKey.uscc())
                        .with("billId", billKey.billId())
                        .with("headerDigest", record.headerDigest())
                        .with("suite", record.suite())
                        .with("recipients", recipients));
        return record;
    }

    private boolean registeredSeal(Submitter submitter, String fingerprint) {
        Instant now = ledger.now();
        for (SealCertificate seal : submitter.sealCertificates()) {
            if (seal.fingerprint().equals(fingerprint)
                    && !now.isBefore(Instant.parse(seal.notBefore()))
                    && !now.isAfter(Instant.parse(seal.notAfter()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records the finance verifier's signed verdict on a SUBMITTED bill. The same verdict from the same
     * verifier certificate again returns the record unchanged, so a verifier may retry.
     */
    public BillRecord recordVerification(
            Caller caller, String billKeyText, String verdict, String reasonCodesJson, String verifierSignature) {
        access.requireRole(caller, "RecordVerification", Role.FINANCE);
        BillKey billKey = Arguments.billKey(billKeyText);
        if (!"ACCEPTED".equals(verdict) && !"REJECTED".equals(verdict)) {
            throw ChaincodeError.MALFORMED.exception("verdict must be ACCEPTED or REJECTED, not '" + verdict + "'");
        }
        List<String> reasons = Arguments.codes("reasonCodes", reasonCodesJson, 32);
        if ("REJECTED".equals(verdict) && reasons.isEmpty()) {
            throw ChaincodeError.MALFORMED.exception("a REJECTED verdict needs at least one reason code");
        }
        byte[] signature = Arguments.base64Url("verifierSignature", verifierSignature);
        BillRecord bill = require(billKey);
        VerdictStatement statement = new VerdictStatement(billKey.toString(), bill.headerDigest(), verdict, reasons);
        if (!statement.verifiedBy(caller.certificate(), signature)) {
            throw ChaincodeError.BAD_SIGNATURE.exception("verifierSignature does not verify under the caller's "
                    + "certificate over the fapiao.verdict.v1 statement for bill " + billKey
                    + " with header digest " + bill.headerDigest());
        }
        BillState next = "ACCEPTED".equals(verdict) ? BillState.VERIFIED : BillState.REJECTED;
        if (bill.state() != BillState.SUBMITTED) {
            Verification recorded = bill.verification();
            if (recorded != null
                    && recorded.verdict().equals(verdict)
                    && recorded.reasonCodes().equals(reasons)
                    && recorded.fingerprint().equals(caller.fingerprint())) {
                return bill;
            }
            throw ChaincodeError.INVALID_STATE.exception(
                    "bill " + billKey + " is " + bill.state() + "; a verdict can only be recorded on a SUBMITTED bill");
        }
        Provenance written = ledger.provenance(caller.mspId(), caller.fingerprint());
        Verification verification = new Verification(
                verdict,
                reasons,
                Base64Url.encode(signature),
                caller.mspId(),
                caller.fingerprint(),
                written.txId(),
                written.at());
        BillRecord updated = bill.verified(next, verification, written);
        move(bill, updated);
        ledger.emit(
                next == BillState.VERIFIED ? "BillVerified" : "BillRejected",
                Event.of("bill:" + billKey, next.name(), written)
                        .with("billKey", billKey.toString())
                        .with("verdict", verdict)
                        .with("reasonCodes", reasons));
        return updated;
    }

    /** The bill record and its sealed bill, for readers allowed to see that submitter's bills. */
    public StoredBill get(Caller caller, String billKeyText) {
        BillKey billKey = Arguments.billKey(billKeyText);
        access.requireMayReadBillsOf(caller, "GetBill", billKey.uscc());
        BillRecord bill = require(billKey);
        JsonNode sealed = Ledger.parse(
                ledger.readBytes(Keys.sealedBill(billKey.uscc(), billKey.billId()))
                        .orElseThrow(() -> new IllegalStateException("sealed bill of " + billKey + " is missing")),
                JsonNode.class);
        return new StoredBill(bill, sealed);
    }

    /** A page of bills in one state, optionally of one submitter, in key order. */
    public BillPage list(Caller caller, String state, String uscc, String pageSizeText, String bookmark) {
        boolean allStates = state == null || state.isEmpty();
        boolean allSubmitters = uscc == null || uscc.isEmpty();
        if (!allStates && !STATE.matcher(state).matches()) {
            throw ChaincodeError.MALFORMED.exception(
                    "state must be one of SUBMITTED, VERIFIED, REJECTED, ISSUED, " + "REVERSED, or empty for all");
        }
        if (allStates && !allSubmitters) {
            throw ChaincodeError.MALFORMED.exception("issuerId can only be given with a state");
        }
        int pageSize = (int) Arguments.positive("pageSize", pageSizeText, MAX_PAGE_SIZE);
        if (allSubmitters) {
            Role role = access.requireRole(
                    caller, "ListBills", Role.HOSPITAL, Role.ENTERPRISE, Role.FINANCE, Role.ISSUER, Role.AUDITOR);
            if (role.submits()) {
                throw ChaincodeError.NOT_AUTHORIZED.exception(
                        "a hospital or enterprise lists only its own bills; " + "give its USCC as issuerId");
            }
        } else {
            access.requireMayReadBillsOf(caller, "ListBills", uscc);
        }
        String[] prefix = allStates ? new String[0] : allSubmitters ? new String[] {state} : new String[] {state, uscc};
        Page page = ledger.page(Keys.BILL_INDEX, pageSize, bookmark == null ? "" : bookmark, prefix);
        List<BillRecord> bills = new ArrayList<>();
        for (byte[] pointer : page.values()) {
            BillKey key = Arguments.billKey(
                    Ledger.parse(pointer, JsonNode.class).get("billKey").stringValue());
            bills.add(require(key));
        }
        return new BillPage(bills, page.bookmark(), bills.size());
    }

    public BillRecord require(BillKey billKey) {
        return ledger.read(Keys.bill(billKey.uscc(), billKey.billId()), BillRecord.class)
                .orElseThrow(() -> ChaincodeError.NOT_FOUND.exception("bill " + billKey + " does not exist"));
    }

    /** Writes a bill's new version and moves its ListBills index entry to the new state. */
    public void move(BillRecord before, BillRecord after) {
        ledger.write(Keys.bill(after.uscc(), after.billId()), after);
        if (before.state() != after.state()) {
            ledger.delete(Keys.billIndex(before.state().name(), before.uscc(), before.billId()));
            index(after);
        }
    }

    private void index(BillRecord record) {
        ledger.write(
                Keys.billIndex(record.state().name(), record.uscc(), record.billId()),
                Json.mapper().createObjectNode().put("billKey", record.billKey()));
    }
}
