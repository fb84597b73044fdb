package io.fapiao.chaincode.ledger;

import io.fapiao.chaincode.ChaincodeError;
import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * The key layout of the contract: every record lives under a Fabric composite key whose object type
 * starts with {@code fapiao.}. Numbers inside keys are zero-padded so that key order is number order.
 *
 * <pre>{@code
 * String key = Keys.bill("91110000MA01ABCD2X", "MZ0001");   // "\u0000fapiao.bill\u000091110000MA01ABCD2X\u0000MZ0001\u0000"
 * }</pre>
 */
public final class Keys {
    public static final String GOVERNANCE = "fapiao.governance";
    public static final String SUBMITTER = "fapiao.submitter";
    public static final String BILL = "fapiao.bill";
    public static final String SEALED_BILL = "fapiao.sealedbill";
    public static final String BILL_INDEX = "fapiao.billindex";
    public static final String RANGE = "fapiao.range";
    public static final String NUMBER = "fapiao.number";
    public static final String INVOICE = "fapiao.invoice";
    public static final String CLAIM = "fapiao.claim";
    public static final String DOCUMENT = "fapiao.document";

    private Keys() {}

    /** A composite key; a part that a composite key cannot hold is refused as MALFORMED. */
    public static String of(String objectType, String... parts) {
        try {
            return new CompositeKey(objectType, parts).toString();
        } catch (IllegalArgumentException e) { // the shim's CompositeKeyFormatException
            throw ChaincodeError.MALFORMED.exception(
                    "a key part contains a character keys cannot hold: " + e.getMessage());
        }
    }

    public static String governance() {
        return of(GOVERNANCE);
    }

    public static String submitter(String uscc) {
        return of(SUBMITTER, uscc);
    }

    public static String bill(String uscc, String billId) {
        return of(BILL, uscc, billId);
    }

    public static String sealedBill(String uscc, String billId) {
        return of(SEALED_BILL, uscc, billId);
    }

    public static String billIndex(String state, String uscc, String billId) {
        return of(BILL_INDEX, state, uscc, billId);
    }

    public static String range(String series, int year, long start) {
        return of(RANGE, series, Integer.toString(year), pad(start));
    }

    public static String number(String series, int year, long sequence) {
        return of(NUMBER, series, Integer.toString(year), pad(sequence));
    }

    public static String invoice(String invoiceNumber) {
        return of(INVOICE, invoiceNumber);
    }

    public static String claim(String invoiceNumber) {
        return of(CLAIM, invoiceNumber);
    }

    public static String document(String kind, String documentId) {
        return of(DOCUMENT, kind, documentId);
    }

    /** Ten digits: every sequence number fits, and key order is numeric order. */
    static String pad(long value) {
        return String.format("%010d", value);
    }
}
