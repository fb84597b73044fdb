package io.fapiao.chaincode.invoice;

import io.fapiao.chaincode.Arguments;
import io.fapiao.chaincode.ChaincodeError;
import io.fapiao.chaincode.Event;
import io.fapiao.chaincode.access.Access;
import io.fapiao.chaincode.access.Caller;
import io.fapiao.chaincode.bill.Bills;
import io.fapiao.chaincode.ledger.Keys;
import io.fapiao.chaincode.ledger.Ledger;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.CheckCodeDigest;
import io.fapiao.protocol.ledger.Claim;
import io.fapiao.protocol.ledger.InvoiceKind;
import io.fapiao.protocol.ledger.InvoiceNumber;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.InvoiceState;
import io.fapiao.protocol.ledger.NumberRange;
import io.fapiao.protocol.ledger.Provenance;
import io.fapiao.protocol.ledger.Reversal;
import io.fapiao.protocol.ledger.Role;
import io.fapiao.protocol.statement.IssuanceStatement;
import io.fapiao.protocol.statement.ReversalStatement;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hyperledger.fabric.shim.ledger.KeyValue;

/**
 * Number ranges, issuance, red-letter reversal and claims.
 *
 * <pre>{@code
 * Invoices invoices = new Invoices(ledger, access, bills);
 * NumberRange range = invoices.reserveBillCode(caller, "ISSUER-01", "44010126", "1000");   // 44010126-0000000001..
 * InvoiceRecord invoice = invoices.issue(caller, billKey, range.first(), checkCodeDigest, sha256Hex, signature);
 * }</pre>
 */
public final class Invoices {
    /** The most numbers one ReserveNumberRange call takes. */
    public static final long MAX_RANGE = 1_000_000L;

    private static final Pattern ISSUER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern YEAR = Pattern.compile("20[0-9]{2}");
    private static final Pattern CLAIMANT_ID = Pattern.compile("[A-Za-z0-9._:@/-]{1,64}");

    private final Ledger ledger;
    private final Access access;
    private final Bills bills;

    public Invoices(Ledger ledger, Access access, Bills bills) {
        this.ledger = ledger;
        this.access = access;
        this.bills = bills;
    }

    /**
     * Reserves the next {@code count} numbers of an old series and year (numbers in the series form,
     * {@code HN01-2026-00000042}) for the calling issuer: kept for issuers configured with a series.
     */
    public NumberRange reserve(Caller caller, String issuerId, String series, String yearText, String countText) {
        access.requireRole(caller, "ReserveNumberRange", Role.ISSUER);
        Arguments.requireMatch("issuerId", issuerId, ISSUER_ID, "1 to 64 letters, digits, '.', '_' or '-'");
        Arguments.requireMatch("series", series, InvoiceNumber.SERIES, "1 to 12 upper-case letters or digits");
        Arguments.requireMatch("year", yearText, YEAR, "a year from 2000 to 2099");
        long count = Arguments.positive("count", countText, MAX_RANGE);
        return reserve(caller, issuerId, InvoiceNumber.ofSeries(series, Integer.parseInt(yearText), 1), count);
    }

    /**
     * Reserves the next {@code count} numbers of a bill code (numbers in the MoF form,
     * {@code 44010126-0000000042}) for the calling issuer. The bill code's last two digits are the year,
     * so a range is per (6-digit prefix, year), and the next year's code starts its numbers at 1.
     */
    public NumberRange reserveBillCode(Caller caller, String issuerId, String billCode, String countText) {
        access.requireRole(caller, "ReserveBillCodeRange", Role.ISSUER);
        Arguments.requireMatch("issuerId", issuerId, ISSUER_ID, "1 to 64 letters, digits, '.', '_' or '-'");
        Arguments.requireMatch(
                "billCode",
                billCode,
                InvoiceNumber.BILL_CODE,
                "8 digits: the 6-digit prefix (region, bill class, bill type) and the year's last two digits");
        long count = Arguments.positive("count", countText, MAX_RANGE);
        InvoiceNumber first =
                InvoiceNumber.ofBillCode(billCode.substring(0, 6), 2000 + Integer.parseInt(billCode.substring(6)), 1);
        return reserve(caller, issuerId, first, count);
    }

    /** Reserves {@code count} numbers after the highest reserved one of {@code sample}'s form, series and year. */
    private NumberRange reserve(Caller caller, String issuerId, InvoiceNumber sample, long count) {
        String series = sample.series();
        int year = sample.year();
        String scope = sample.form() == InvoiceNumber.Form.BILL_CODE
                ? "bill code " + sample.billCode()
                : "series " + series + " of " + year;
        List<NumberRange> ranges = ranges(series, year);
        // A 6-digit old series and a bill-code prefix of the same digits share keys; one (series, year)
        // holds ranges of one form only, so that no issuer confuses the two.
        for (NumberRange range : ranges) {
            if (range.numberForm() != sample.form()) {
                throw ChaincodeError.RANGE_OVERLAP.exception(scope + " would share its sequence numbers with the "
                        + range.numberForm() + "-form range " + range.first() + " to " + range.last()
                        + "; choose another " + (sample.form() == InvoiceNumber.Form.BILL_CODE ? "prefix" : "series"));
            }
        }
        long max = sample.form().maxSequence();
        long start = ranges.stream().mapToLong(NumberRange::end).max().orElse(0L) + 1;
        long end = start + count - 1;
        if (end > max) {
            throw ChaincodeError.RANGE_EXHAUSTED.exception(scope + " has " + Math.max(0, max - start + 1)
                    + " numbers left, fewer than " + count + "; reserve fewer or use another "
                    + (sample.form() == InvoiceNumber.Form.BILL_CODE ? "bill-code prefix" : "series"));
        }
        // Allocation after the highest end cannot overlap; the check guards the invariant against any
        // state written by an earlier version of this contract.
        for (NumberRange range : ranges) {
            if (range.overlaps(start, end)) {
                throw ChaincodeError.RANGE_OVERLAP.exception("numbers " + start + " to " + end + " of " + scope
                        + " overlap the range " + range.first() + " to " + range.last());
            }
        }
        Provenance written = ledger.provenance(caller.mspId(), caller.fingerprint());
        NumberRange range = new NumberRange(
                issuerId,
                series,
                year,
                start,
                end,
                sample.withSequence(start).toString(),
                sample.withSequence(end).toString(),
                caller.mspId(),
                written);
        ledger.write(Keys.range(series, year, start), range);
        ledger.emit(
                "NumberRangeReserved",
                Event.of("range:" + series + ":" + year + ":" + start, "RESERVED", written)
                        .with("issuerId", issuerId)
                        .with("series", series)
                        .with("year", year)
                        .with("start", start)
                        .with("end", end)
                        .with("first", range.first())
                        .with("last", range.last()));
        return range;
    }

    private List<NumberRange> ranges(String series, int year) {
        return ledger.scan(Keys.RANGE, series, Integer.toString(year)).stream()
                .map(KeyValue::getValue)
                .map(bytes -> Ledger.parse(bytes, NumberRange.class))
                .toList();
    }

    /**
     * Issues a VERIFIED bill under a number from the caller's reserved ranges. The check code arrives
     * only as the issuer's {@link CheckCodeDigest}: the ledger never holds the code.
     */
    public InvoiceRecord issue(
            Caller caller,
            String billKeyText,
            String invoiceNumber,
            String checkCodeDigest,
            String documentHash,
            String issuerSignature) {
        access.requireRole(caller, "IssueInvoice", Role.ISSUER);
        BillKey billKey = Arguments.billKey(billKeyText);
        InvoiceNumber number = Arguments.invoiceNumber("invoiceNumber", invoiceNumber);
        Arguments.requireMatch(
                "checkCodeDigest",
                checkCodeDigest,
                CheckCodeDigest.FORM,
                "an HMAC-SHA256 as 43 unpadded base64url characters");
        Arguments.requireSha256Hex("documentHash", documentHash);
        byte[] signature = Arguments.base64Url("issuerSignature", issuerSignature);
        BillRecord bill = bills.require(billKey);
        IssuanceStatement statement = new IssuanceStatement(
                billKey.toString(), bill.headerDigest(), number.toString(), checkCodeDigest, documentHash);
        if (!statement.verifiedBy(caller.certificate(), signature)) {
            throw ChaincodeError.BAD_SIGNATURE.exception("issuerSignature does not verify under the caller's "
                    + "certificate over the " + IssuanceStatement.TYPE + " statement for bill " + billKey + " as "
                    + number);
        }
        Optional<InvoiceRecord> existing = ledger.read(Keys.invoice(number.toString()), InvoiceRecord.class);
        if (existing.isPresent()) {
            InvoiceRecord invoice = existing.get();
            if (invoice.kind() == InvoiceKind.BLUE
                    && invoice.billKey().equals(billKey.toString())
                    && checkCodeDigest.equals(invoice.checkCodeDigest())
                    && invoice.documentHash().equals(documentHash)
                    && invoice.issued().mspId().equals(caller.mspId())) {
                return invoice;
            }
            throw ChaincodeError.NUMBER_USED.exception("invoice number " + number + " was already used for bill "
                    + invoice.billKey() + "; take the next number of a reserved range");
        }
        if (bill.state() != BillState.VERIFIED) {
            throw ChaincodeError.INVALID_STATE.exception("bill " + billKey + " is " + bill.state()
                    + (bill.invoiceNumber() == null ? "" : " as invoice " + bill.invoiceNumber())
                    + "; only a VERIFIED bill can be issued");
        }
        NumberRange range = requireReserved(caller, number);
        Provenance written = ledger.provenance(caller.mspId(), caller.fingerprint());
        InvoiceRecord invoice = new InvoiceRecord(
                number.toString(),
                InvoiceKind.BLUE,
                billKey.toString(),
                range.issuerId(),
                checkCodeDigest,
                documentHash,
                Base64Url.encode(signature),
                InvoiceState.ISSUED,
                written,
                null,
                null,
                null,
                written);
        use(number, billKey.toString(), written);
        ledger.write(Keys.invoice(number.toString()), invoice);
        bills.move(bill, bill.issuedAs(number.toString(), written));
        ledger.emit(
                "InvoiceIssued",
                Event.of("invoice:" + number, InvoiceState.ISSUED.name(), written)
                        .with("invoiceNumber", number.toString())
                        .with("billKey", billKey.toString())
                        .with("issuerId", range.issuerId())
                        .with("documentHash", documentHash));
        return invoice;
    }

    /** Reverses an ISSUED blue invoice with a red-letter invoice numbered from the caller's ranges. */
    public InvoiceRecord reverse(
            Caller caller,
            String invoiceNumber,
            String reasonCode,
            String redInvoiceNumber,
            String documentHash,
            String issuerSignature) {
        access.requireRole(caller, "ReverseInvoice", Role.ISSUER);
        InvoiceNumber number = Arguments.invoiceNumber("invoiceNumber", invoiceNumber);
        Arguments.requireCode("reasonCode", reasonCode);
        InvoiceNumber red = Arguments.invoiceNumber("redInvoiceNumber", redInvoiceNumber);
        Arguments.requireSha256Hex("documentHash", documentHash);
        byte[] signature = Arguments.base64Url("issuerSignature", issuerSignature);
        InvoiceRecord invoice = require(number.toString());
        if (!invoice.issued().mspId().equals(caller.mspId())) {
            throw ChaincodeError.NOT_AUTHORIZED.exception("invoice " + number + " was issued by MSP "
                    + invoice.issued().mspId() + "; only that issuer may reverse it");
        }
        ReversalStatement statement =
                new ReversalStatement(number.toString(), reasonCode, red.toString(), documentHash);
        if (!statement.verifiedBy(caller.certificate(), signature)) {
            throw ChaincodeError.BAD_SIGNATURE.exception("issuerSignature does not verify under the caller's "
                    + "certificate over the fapiao.reversal.v1 statement for invoice " + number);
        }
        if (invoice.kind() == InvoiceKind.RED) {
            throw ChaincodeError.INVALID_STATE.exception("invoice " + number + " is a red-letter invoice reversing "
                    + invoice.reverses() + "; it cannot itself be reversed");
        }
        if (invoice.state() == InvoiceState.REVERSED) {
            Reversal done = invoice.reversal();
            if (done.redInvoiceNumber().equals(red.toString())
                    && done.reasonCode().equals(reasonCode)
                    && done.documentHash().equals(documentHash)) {
                return invoice;
            }
            throw ChaincodeError.INVALID_STATE.exception(
                    "invoice " + number + " was already reversed by " + done.redInvoiceNumber());
        }
        if (invoice.state() == InvoiceState.CLAIMED) {
            throw ChaincodeError.INVALID_STATE.exception("invoice " + number + " was claimed by "
                    + invoice.claim().claimantId() + " and cannot be reversed while the claim stands");
        }
        if (ledger.exists(Keys.number(red.series(), red.year(), red.sequence()))) {
            throw ChaincodeError.NUMBER_USED.exception(
                    "red invoice number " + red + " was already used; take the " + "next number of a reserved range");
        }
        NumberRange range = requireReserved(caller, red);
        BillRecord bill = bills.require(Arguments.billKey(invoice.billKey()));
        Provenance written = ledger.provenance(caller.mspId(), caller.fingerprint());
        String encodedSignature = Base64Url.encode(signature);
        InvoiceRecord redInvoice = new InvoiceRecord(
                red.toString(),
                InvoiceKind.RED,
                invoice.billKey(),
                range.issuerId(),
                null,
                documentHash,
                encodedSignature,
                InvoiceState.ISSUED,
                written,
                number.toString(),
                null,
                null,
                written);
        InvoiceRecord reversed = invoice.reversedBy(
                new Reversal(red.toString(), reasonCode, documentHash, encodedSignature, written.txId(), written.at()),
                written);
        use(red, invoice.billKey(), written);
        ledger.write(Keys.invoice(red.toString()), redInvoice);
        ledger.write(Keys.invoice(number.toString()), reversed);
        bills.move(bill, bill.reversed(written));
        ledger.emit(
                "InvoiceReversed",
                Event.of("invoice:" + number, InvoiceState.REVERSED.name(), written)
                        .with("invoiceNumber", number.toString())
                        .with("redInvoiceNumber", red.toString())
                        .with("billKey", invoice.billKey())
                        .with("reasonCode", reasonCode));
        return reversed;
    }

    /** Records the one claim on an ISSUED blue invoice. */
    public Claim claim(Caller caller, String invoiceNumber, String claimantId, String purpose) {
        access.requireRole(caller, "ClaimInvoice", Role.CLAIMANT);
        InvoiceNumber number = Arguments.invoiceNumber("invoiceNumber", invoiceNumber);
        Arguments.requireMatch("claimantId", claimantId, CLAIMANT_ID, "1 to 64 letters, digits or . _ : @ / -");
        Arguments.requireText("purpose", purpose, 200);
        InvoiceRecord invoice = require(number.toString());
        Optional<Claim> existing = ledger.read(Keys.claim(number.toString()), Claim.class);
        if (existing.isPresent()) {
            Claim claim = existing.get();
            throw ChaincodeError.ALREADY_CLAIMED.exception("invoice " + number + " was already claimed by "
                    + claim.claimantId() + " of MSP " + claim.written().mspId() + " in transaction "
                    + claim.written().txId() + " at " + claim.written().at() + "; an invoice is reimbursed once");
        }
        if (invoice.kind() == InvoiceKind.RED) {
            throw ChaincodeError.INVALID_STATE.exception(
                    "invoice " + number + " is a red-letter invoice and cannot be claimed");
        }
        if (invoice.state() != InvoiceState.ISSUED) {
            throw ChaincodeError.INVALID_STATE.exception("invoice " + number + " is " + invoice.state()
                    + (invoice.reversal() == null
                            ? ""
                            : " by red invoice " + invoice.reversal().redInvoiceNumber())
                    + "; only an ISSUED invoice can be claimed");
        }
        Provenance written = ledger.provenance(caller.mspId(), caller.fingerprint());
        Claim claim = new Claim(number.toString(), claimantId, purpose, written);
        ledger.write(Keys.claim(number.toString()), claim);
        ledger.write(Keys.invoice(number.toString()), invoice.claimedBy(claim, written));
        ledger.emit(
                "InvoiceClaimed",
                Event.of("invoice:" + number, InvoiceState.CLAIMED.name(), written)
                        .with("invoiceNumber", number.toString())
                        .with("claimantId", claimantId)
                        .with("billKey", invoice.billKey()));
        return claim;
    }

    /** An invoice, for finance, issuers, auditors, claimants and the bill's own submitter. */
    public InvoiceRecord get(Caller caller, String invoiceNumber) {
        InvoiceNumber number = Arguments.invoiceNumber("invoiceNumber", invoiceNumber);
        Role role = access.requireRole(
                caller,
                "GetInvoice",
                Role.HOSPITAL,
                Role.ENTERPRISE,
                Role.FINANCE,
                Role.ISSUER,
                Role.AUDITOR,
                Role.CLAIMANT);
        InvoiceRecord invoice = require(number.toString());
        if (role.submits()) {
            access.requireMayReadBillsOf(
                    caller, "GetInvoice", Arguments.billKey(invoice.billKey()).uscc());
        }
        return invoice;
    }

    public InvoiceRecord require(String number) {
        return ledger.read(Keys.invoice(number), InvoiceRecord.class)
                .orElseThrow(() -> ChaincodeError.NOT_FOUND.exception("invoice " + number + " does not exist"));
    }

    private NumberRange requireReserved(Caller caller, InvoiceNumber number) {
        NumberRange range = ranges(number.series(), number.year()).stream()
                .filter(r -> r.contains(number))
                .findFirst()
                .orElseThrow(() -> ChaincodeError.NUMBER_NOT_RESERVED.exception("number " + number
                        + " lies in no reserved range; reserve a range with ReserveNumberRange first"));
        if (!range.mspId().equals(caller.mspId())) {
            throw ChaincodeError.NUMBER_NOT_RESERVED.exception("number " + number + " lies in range "
                    + range.first() + " to " + range.last() + " reserved by MSP " + range.mspId()
                    + ", not by the caller's MSP " + caller.mspId());
        }
        if (ledger.exists(Keys.number(number.series(), number.year(), number.sequence()))) {
            throw ChaincodeError.NUMBER_USED.exception(
                    "invoice number " + number + " was already used; take the " + "next number of a reserved range");
        }
        return range;
    }

    private void use(InvoiceNumber number, String billKey, Provenance written) {
        ledger.write(
                Keys.number(number.series(), number.year(), number.sequence()),
                Json.mapper()
                        .createObjectNode()
                        .put("invoiceNumber", number.toString())
                        .put("billKey", billKey)
                        .set("written", Json.mapper().valueToTree(written)));
    }
}
