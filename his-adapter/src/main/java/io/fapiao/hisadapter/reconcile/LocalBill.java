package io.fapiao.hisadapter.reconcile;

import io.fapiao.hisadapter.bill.BillStatus;

/**
 * What the adapter holds of one bill that a reconciliation compares with the ledger.
 *
 * <pre>{@code
 * LocalBill bill = localBills.all().get(0);
 * boolean sealed = bill.headerDigest() != null;
 * }</pre>
 *
 * @param billKey       {@code <uscc>:<billId>}
 * @param uscc          the submitter
 * @param status        its status here
 * @param headerDigest  the header digest of its stored envelope (base64url), null before sealing
 * @param transactionId the last ledger transaction recorded for it
 * @param invoiceNumber the invoice recorded for it
 * @param lastError     the last error code recorded
 */
public record LocalBill(
        String billKey,
        String uscc,
        BillStatus status,
        String headerDigest,
        String transactionId,
        String invoiceNumber,
        String lastError) {}
