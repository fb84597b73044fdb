package io.fapiao.ledger.client;

import io.fapiao.ledger.client.LedgerException.Step;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.AnchoredDocument;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillPage;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.Claim;
import io.fapiao.protocol.ledger.Governance;
import io.fapiao.protocol.ledger.History;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.NumberRange;
import io.fapiao.protocol.ledger.Role;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.protocol.ledger.Submitter;
import io.fapiao.protocol.ledger.SubmitterStatus;
import io.fapiao.protocol.seal.SealedBill;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code fapiao} contract as typed calls: one method per contract function, arguments in the
 * contract's documented form, results parsed into the shared records of {@code io.fapiao.protocol.ledger}
 * with the protocol's strict {@link Json}. Submits wait for the commit and return a {@link Recorded}
 * (value, transaction id, block number). Everything else — signing, retries, error mapping — is the
 * underlying {@link Ledger}'s: a refusal by the contract is a {@link ChaincodeRejection} whose
 * {@code code()} is one of the codes listed in docs/chaincode.md, never retried.
 *
 * <pre>{@code
 * try (Ledger ledger = Ledger.connect(settings)) {
 *     FapiaoLedger fapiao = new FapiaoLedger(ledger);
 *     Recorded<BillRecord> submitted = fapiao.submitBill(sealed);
 *     BillKey key = BillKey.parse(submitted.value().billKey());
 *     StoredBill stored = fapiao.bill(key);
 * } catch (ChaincodeRejection e) {
 *     if (e.code().equals("BILL_CONFLICT")) { ... }   // a different bill already holds this id
 * }
 * }</pre>
 */
public final class FapiaoLedger {
    private final Ledger ledger;

    /** Typed calls over {@code ledger}, whose settings name the chaincode running the fapiao contract. */
    public FapiaoLedger(Ledger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** The connection underneath, for event streams and for functions this facade does not cover. */
    public Ledger ledger() {
        return ledger;
    }

    // ---- governance and the submitter registry ----

    /** {@code InitGovernance}: called once by an admin of {@code financeMspId}, which becomes the authority. */
    public Recorded<Governance> initGovernance(String financeMspId) throws LedgerException {
        return submit(Governance.class, "InitGovernance", financeMspId);
    }

    /** {@code GrantRoles}: the roles {@code mspId}'s certificates may carry; empty revokes all. Finance admins. */
    public Recorded<Governance> grantRoles(String mspId, List<Role> roles) throws LedgerException {
        return submit(Governance.class, "GrantRoles", mspId, json(roles));
    }

    /** {@code RegisterSubmitter}: qualifies {@code uscc} for {@code mspId} in [validFrom, validTo). Finance admins. */
    public Recorded<Submitter> registerSubmitter(
            String uscc, String name, String mspId, Instant validFrom, Instant validTo) throws LedgerException {
        Map<String, String> registration = new LinkedHashMap<>();
        registration.put("uscc", uscc);
        registration.put("name", name);
        registration.put("mspId", mspId);
        registration.put("validFrom", validFrom.toString());
        registration.put("validTo", validTo.toString());
        return submit(Submitter.class, "RegisterSubmitter", json(registration));
    }

    /** {@code SetSubmitterStatus}: suspends or reinstates a submitter, with a reason. Finance admins. */
    public Recorded<Submitter> setSubmitterStatus(String uscc, SubmitterStatus status, String reason)
            throws LedgerException {
        return submit(Submitter.class, "SetSubmitterStatus", uscc, status.wireName(), reason);
    }

    /** {@code AddSealCertificate}: registers a seal (e.g. SM2) certificate for a submitter. Finance admins. */
    public Recorded<Submitter> addSealCertificate(String uscc, X509Certificate certificate) throws LedgerException {
        return submit(Submitter.class, "AddSealCertificate", uscc, Pem.certificate(certificate));
    }

    /** {@code GetSubmitter}. */
    public Submitter submitter(String uscc) throws LedgerException {
        return evaluate(Submitter.class, "GetSubmitter", uscc);
    }

    /** {@code GetGovernance}. */
    public Governance governance() throws LedgerException {
        return evaluate(Governance.class, "GetGovernance");
    }

    // ---- bills ----

    /**
     * {@code SubmitBill}: the sealed bill, signed by the caller's own certificate or a registered
     * seal certificate. Submitting the identical bill again returns the stored record.
     */
    public Recorded<BillRecord> submitBill(SealedBill sealed) throws LedgerException {
        return submit(BillRecord.class, "SubmitBill", new String(sealed.toJson(), StandardCharsets.UTF_8));
    }

    /**
     * {@code RecordVerification}: {@code verdict} is {@code ACCEPTED} or {@code REJECTED};
     * {@code signature} is the caller's signature over the matching
     * {@link io.fapiao.protocol.statement.VerdictStatement}.
     */
    public Recorded<BillRecord> recordVerification(
            BillKey billKey, String verdict, List<String> reasonCodes, byte[] signature) throws LedgerException {
        return submit(
                BillRecord.class,
                "RecordVerification",
                billKey.toString(),
                verdict,
                json(reasonCodes),
                Base64Url.encode(signature));
    }

    /** {@code GetBill}: the record and the sealed bill as stored. */
    public StoredBill bill(BillKey billKey) throws LedgerException {
        return evaluate(StoredBill.class, "GetBill", billKey.toString());
    }

    /**
     * {@code ListBills}: one page. {@code state} null for all states; {@code issuerId} (a USCC) null
     * for all submitters, only with a state; {@code bookmark} null or empty for the first page.
     */
    public BillPage listBills(BillState state, String issuerId, int pageSize, String bookmark) throws LedgerException {
        return evaluate(
                BillPage.class,
                "ListBills",
                state == null ? "" : state.name(),
                issuerId == null ? "" : issuerId,
                Integer.toString(pageSize),
                bookmark == null ? "" : bookmark);
    }

    // ---- numbers and invoices ----

    /**
     * {@code ReserveBillCodeRange}: the next {@code count} numbers of an 8-digit MoF bill code (6-digit
     * prefix and the year's last two digits), numbered {@code 44010126-0000000001} on. Issuers.
     */
    public Recorded<NumberRange> reserveBillCodeRange(String issuerId, String billCode, long count)
            throws LedgerException {
        return submit(NumberRange.class, "ReserveBillCodeRange", issuerId, billCode, Long.toString(count));
    }

    /**
     * {@code ReserveNumberRange}: the next {@code count} numbers of an old series and year, numbered
     * {@code HN01-2026-00000001} on; for issuers still configured with a series. Issuers.
     */
    public Recorded<NumberRange> reserveNumberRange(String issuerId, String series, int year, long count)
            throws LedgerException {
        return submit(
                NumberRange.class,
                "ReserveNumberRange",
                issuerId,
                series,
                Integer.toString(year),
                Long.toString(count));
    }

    /**
     * {@code IssueInvoice}: {@code checkCodeDigest} is the issuer's
     * {@link io.fapiao.protocol.ledger.CheckCodeDigest} of the check code (the code itself never goes to
     * the ledger); {@code documentHash} is 64 lower-case hex digits; {@code signature} the caller's over the
     * matching {@link io.fapiao.protocol.statement.IssuanceStatement}. Issuers.
     */
    public Recorded<InvoiceRecord> issueInvoice(
            BillKey billKey, String invoiceNumber, String checkCodeDigest, String documentHash, byte[] signature)
            throws LedgerException {
        return submit(
                InvoiceRecord.class,
                "IssueInvoice",
                billKey.toString(),
                invoiceNumber,
                checkCodeDigest,
                documentHash,
                Base64Url.encode(signature));
    }

    /**
     * {@code ReverseInvoice}: red-letter reversal; {@code signature} over the matching
     * {@link io.fapiao.protocol.statement.ReversalStatement}. Returns the reversed (original) invoice.
     */
    public Recorded<InvoiceRecord> reverseInvoice(
            String invoiceNumber, String reasonCode, String redInvoiceNumber, String documentHash, byte[] signature)
            throws LedgerException {
        return submit(
                InvoiceRecord.class,
                "ReverseInvoice",
                invoiceNumber,
                reasonCode,
                redInvoiceNumber,
                documentHash,
                Base64Url.encode(signature));
    }

    /** {@code ClaimInvoice}: once per invoice; a second claim is {@code ALREADY_CLAIMED}. Claimants. */
    public Recorded<Claim> claimInvoice(String invoiceNumber, String claimantId, String purpose)
            throws LedgerException {
        return submit(Claim.class, "ClaimInvoice", invoiceNumber, claimantId, purpose);
    }

    /** {@code GetInvoice}. */
    public InvoiceRecord invoice(String invoiceNumber) throws LedgerException {
        return evaluate(InvoiceRecord.class, "GetInvoice", invoiceNumber);
    }

    // ---- documents and provenance ----

    /**
     * {@code AnchorDocument}: {@code sha256} is 64 lower-case hex digits; {@code signature} the
     * caller's over the matching {@link io.fapiao.protocol.statement.AnchorStatement}.
     */
    public Recorded<AnchoredDocument> anchorDocument(String kind, String documentId, String sha256, byte[] signature)
            throws LedgerException {
        return submit(AnchoredDocument.class, "AnchorDocument", kind, documentId, sha256, Base64Url.encode(signature));
    }

    /** {@code GetDocument}. */
    public AnchoredDocument document(String kind, String documentId) throws LedgerException {
        return evaluate(AnchoredDocument.class, "GetDocument", kind, documentId);
    }

    /**
     * {@code GetHistory}: every version of the record named by {@code key}, oldest first:
     * {@code bill:<uscc>:<billId>}, {@code invoice:<number>}, {@code claim:<number>},
     * {@code submitter:<uscc>}, {@code range:<series or bill-code prefix>:<year>:<start>}, {@code document:<kind>:<id>},
     * {@code governance}.
     */
    public History history(String key) throws LedgerException {
        return evaluate(History.class, "GetHistory", key);
    }

    // ---- plumbing ----

    private <T> Recorded<T> submit(Class<T> type, String function, String... arguments) throws LedgerException {
        Committed committed = ledger.submit(function, arguments);
        T value = parse(type, committed.result(), Step.COMMIT, committed.transactionId(), function);
        return new Recorded<>(value, committed.transactionId(), committed.blockNumber());
    }

    private <T> T evaluate(Class<T> type, String function, String... arguments) throws LedgerException {
        return parse(type, ledger.evaluate(function, arguments), Step.EVALUATE, null, function);
    }

    private <T> T parse(Class<T> type, byte[] result, Step step, String transactionId, String function)
            throws UnexpectedResult {
        try {
            return Json.read(result, type);
        } catch (ProtocolException e) {
            throw new UnexpectedResult(
                    step,
                    transactionId,
                    function + " returned something that is not a "
                            + type.getSimpleName() + " (is chaincode '"
                            + ledger.settings().chaincode()
                            + "' the fapiao contract of this client's version?): " + e.getMessage(),
                    e);
        }
    }

    private static String json(Object value) {
        return new String(CanonicalJson.encode(value), StandardCharsets.UTF_8);
    }
}
