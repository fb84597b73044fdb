package io.fapiao.chaincode;

import io.fapiao.chaincode.access.Access;
import io.fapiao.chaincode.access.Caller;
import io.fapiao.chaincode.access.Registry;
import io.fapiao.chaincode.bill.Bills;
import io.fapiao.chaincode.document.Documents;
import io.fapiao.chaincode.invoice.Invoices;
import io.fapiao.chaincode.ledger.Keys;
import io.fapiao.chaincode.ledger.Ledger;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.History;
import io.fapiao.protocol.ledger.HistoryEntry;
import io.fapiao.protocol.ledger.InvoiceNumber;
import io.fapiao.protocol.ledger.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * The invoice lifecycle contract. Every argument is a string (JSON where structured), every result
 * is a canonical JSON document (RFC 8785, UTF-8) so that all endorsers return identical bytes, every
 * rejection is a {@link ChaincodeError}, and every state change sets one chaincode event named after
 * it. {@code docs/chaincode.md} documents each function.
 *
 * <pre>{@code
 * // through the Fabric Gateway client:
 * byte[] bill = contract.submitTransaction("SubmitBill", new String(sealed.toJson(), UTF_8));
 * byte[] page = contract.evaluateTransaction("ListBills", "SUBMITTED", "", "20", "");
 * }</pre>
 */
@Contract(
        name = FapiaoContract.NAME,
        info =
                @Info(
                        title = "Fapiao invoice lifecycle",
                        version = "1",
                        description =
                                "Sealed bills, verdicts, number ranges, invoices, reversals, claims and anchored documents",
                        license = @License(name = "Apache-2.0"),
                        contact = @Contact(name = "Fapiao")))
@Default
public final class FapiaoContract implements ContractInterface {
    /** The contract's name; it is also the default contract, so unqualified function names reach it. */
    public static final String NAME = "fapiao";

    static {
        // Every host (the chaincode service, the embedded node) loads this class before it runs a
        // transaction, so the refusals it answers are logged as refusals there (RefusalLogging).
        RefusalLogging.install();
    }

    // ---- governance and the submitter registry ----

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String InitGovernance(Context ctx, String financeMspId) {
        Scope scope = new Scope(ctx);
        return json(scope.registry().initGovernance(scope.caller(), financeMspId));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String GrantRoles(Context ctx, String mspId, String roles) {
        Scope scope = new Scope(ctx);
        return json(scope.registry().grantRoles(scope.caller(), mspId, roles));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RegisterSubmitter(Context ctx, String submitter) {
        Scope scope = new Scope(ctx);
        return json(scope.registry().registerSubmitter(scope.caller(), submitter));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String SetSubmitterStatus(Context ctx, String uscc, String status, String reason) {
        Scope scope = new Scope(ctx);
        return json(scope.registry().setSubmitterStatus(scope.caller(), uscc, status, reason));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String AddSealCertificate(Context ctx, String uscc, String certificatePem) {
        Scope scope = new Scope(ctx);
        return json(scope.registry().addSealCertificate(scope.caller(), uscc, certificatePem));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetSubmitter(Context ctx, String uscc) {
        Scope scope = new Scope(ctx);
        return json(scope.registry().getSubmitter(scope.caller(), uscc));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetGovernance(Context ctx) {
        return json(new Scope(ctx).registry().getGovernance());
    }

    // ---- bills ----

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String SubmitBill(Context ctx, String sealedBill) {
        Scope scope = new Scope(ctx);
        return json(scope.bills().submit(scope.caller(), sealedBill));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RecordVerification(
            Context ctx, String billKey, String verdict, String reasonCodes, String verifierSignature) {
        Scope scope = new Scope(ctx);
        return json(scope.bills().recordVerification(scope.caller(), billKey, verdict, reasonCodes, verifierSignature));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetBill(Context ctx, String billKey) {
        Scope scope = new Scope(ctx);
        return json(scope.bills().get(scope.caller(), billKey));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String ListBills(Context ctx, String state, String issuerId, String pageSize, String bookmark) {
        Scope scope = new Scope(ctx);
        return json(scope.bills().list(scope.caller(), state, issuerId, pageSize, bookmark));
    }

    // ---- numbers and invoices ----

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String ReserveNumberRange(Context ctx, String issuerId, String series, String year, String count) {
        Scope scope = new Scope(ctx);
        return json(scope.invoices().reserve(scope.caller(), issuerId, series, year, count));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String ReserveBillCodeRange(Context ctx, String issuerId, String billCode, String count) {
        Scope scope = new Scope(ctx);
        return json(scope.invoices().reserveBillCode(scope.caller(), issuerId, billCode, count));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String IssueInvoice(
            Context ctx,
            String billKey,
            String invoiceNumber,
            String checkCodeDigest,
            String documentHash,
            String issuerSignature) {
        Scope scope = new Scope(ctx);
        return json(scope.invoices()
                .issue(scope.caller(), billKey, invoiceNumber, checkCodeDigest, documentHash, issuerSignature));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String ReverseInvoice(
            Context ctx,
            String invoiceNumber,
            String reasonCode,
            String redInvoiceNumber,
            String documentHash,
            String issuerSignature) {
        Scope scope = new Scope(ctx);
        return json(scope.invoices()
                .reverse(scope.caller(), invoiceNumber, reasonCode, redInvoiceNumber, documentHash, issuerSignature));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String ClaimInvoice(Context ctx, String invoiceNumber, String claimantId, String purpose) {
        Scope scope = new Scope(ctx);
        return json(scope.invoices().claim(scope.caller(), invoiceNumber, claimantId, purpose));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetInvoice(Context ctx, String invoiceNumber) {
        Scope scope = new Scope(ctx);
        return json(scope.invoices().get(scope.caller(), invoiceNumber));
    }

    // ---- documents ----

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String AnchorDocument(Context ctx, String kind, String documentId, String sha256, String signature) {
        Scope scope = new Scope(ctx);
        return json(scope.documents().anchor(scope.caller(), kind, documentId, sha256, signature));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetDocument(Context ctx, String kind, String documentId) {
        Scope scope = new Scope(ctx);
        return json(scope.documents().get(scope.caller(), kind, documentId));
    }

    // ---- provenance ----

    /**
     * Every version of a record, oldest first: {@code bill:<uscc>:<billId>}, {@code invoice:<number>},
     * {@code claim:<number>}, {@code submitter:<uscc>}, {@code range:<series>:<year>:<start>},
     * {@code document:<kind>:<documentId>} or {@code governance}. The caller needs read access to the
     * record itself.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetHistory(Context ctx, String key) {
        Scope scope = new Scope(ctx);
        String ledgerKey = scope.historyKey(key);
        List<HistoryEntry> versions = scope.ledger().history(ledgerKey);
        if (versions.isEmpty()) {
            throw ChaincodeError.NOT_FOUND.exception(key + " has no history");
        }
        return json(new History(key, versions));
    }

    @Override
    public void unknownTransaction(Context ctx) {
        throw ChaincodeError.MALFORMED.exception("function '" + ctx.getStub().getFunction()
                + "' does not exist in contract " + NAME + "; see docs/chaincode.md");
    }

    private static String json(Object value) {
        return new String(CanonicalJson.encode(value), StandardCharsets.UTF_8);
    }

    /** One transaction's collaborators, built per call: the contract itself holds no state. */
    private record Scope(Ledger ledger, Caller caller, Access access) {
        Scope(Context ctx) {
            this(new Ledger(ctx.getStub()), ctx);
        }

        private Scope(Ledger ledger, Context ctx) {
            this(ledger, Caller.of(ctx.getClientIdentity()), new Access(ledger));
        }

        Registry registry() {
            return new Registry(ledger, access);
        }

        Bills bills() {
            return new Bills(ledger, access);
        }

        Invoices invoices() {
            return new Invoices(ledger, access, bills());
        }

        Documents documents() {
            return new Documents(ledger, access);
        }

        String historyKey(String reference) {
            Arguments.requirePresent("key", reference);
            int colon = reference.indexOf(':');
            String kind = colon < 0 ? reference : reference.substring(0, colon);
            String rest = colon < 0 ? "" : reference.substring(colon + 1);
            switch (kind) {
                case "governance" -> {
                    registry().requireReader(caller);
                    return Keys.governance();
                }
                case "submitter" -> {
                    registry().requireReader(caller);
                    return Keys.submitter(rest);
                }
                case "bill" -> {
                    BillKey billKey = Arguments.billKey(rest);
                    access.requireMayReadBillsOf(caller, "GetHistory", billKey.uscc());
                    return Keys.bill(billKey.uscc(), billKey.billId());
                }
                case "invoice", "claim" -> {
                    invoices().get(caller, rest);
                    return kind.equals("invoice") ? Keys.invoice(rest) : Keys.claim(rest);
                }
                case "range" -> {
                    access.requireRole(caller, "GetHistory", Role.ISSUER, Role.FINANCE, Role.AUDITOR);
                    String[] parts = rest.split(":", -1);
                    // The series part is an old series or a bill-code prefix; the start has up to 10 digits.
                    if (parts.length != 3
                            || !InvoiceNumber.SERIES.matcher(parts[0]).matches()
                            || !parts[1].matches("20[0-9]{2}")
                            || !parts[2].matches("[1-9][0-9]{0,9}")) {
                        throw ChaincodeError.MALFORMED.exception("key " + reference
                                + " is not of the form range:<series or bill-code prefix>:<year>:<start>");
                    }
                    return Keys.range(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
                }
                case "document" -> {
                    int split = rest.indexOf(':');
                    if (split <= 0) {
                        throw ChaincodeError.MALFORMED.exception(
                                "key " + reference + " is not of the form document:<kind>:<documentId>");
                    }
                    documents().get(caller, rest.substring(0, split), rest.substring(split + 1));
                    return Keys.document(rest.substring(0, split), rest.substring(split + 1));
                }
                default ->
                    throw ChaincodeError.MALFORMED.exception("key '" + reference + "' names no record kind; "
                            + "use bill:, invoice:, claim:, submitter:, range:, document: or governance");
            }
        }
    }
}
