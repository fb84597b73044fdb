package io.fapiao.hisadapter.reconcile;

import io.fapiao.hisadapter.bill.BillStatus;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The adapter's bill rows as a reconciliation reads and repairs them (table {@code his_bill}). The
 * status history is written only through the {@link io.fapiao.hisadapter.bill.BillJournal}; this
 * class adopts the other columns the ledger holds the truth of: the last transaction and the invoice
 * number (an envelope is adopted by {@link io.fapiao.hisadapter.submission.BillAdoption}). Each write
 * joins the caller's transaction.
 *
 * <pre>{@code
 * for (LocalBill bill : localBills.all()) { ... }
 * localBills.adoptTransaction(billKey, ledgerTransactionId);
 * }</pre>
 */
@Component
public class LocalBills {
    private final JdbcTemplate jdbc;

    public LocalBills(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Every bill this adapter received, in key order. */
    public List<LocalBill> all() {
        return jdbc.query(
                "select bill_key, uscc, status, header_digest, tx_id, invoice_number, last_error "
                        + "from his_bill order by bill_key",
                (rs, n) -> new LocalBill(
                        rs.getString(1),
                        rs.getString(2),
                        BillStatus.valueOf(rs.getString(3)),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)));
    }

    /** Sets the last ledger transaction to the ledger's (the history rows are left as recorded). */
    public void adoptTransaction(String billKey, String transactionId) {
        jdbc.update("update his_bill set tx_id = ?, block_number = null where bill_key = ?", transactionId, billKey);
    }

    /**
     * After the ledger's status was adopted over a contradicting one: the invoice number becomes the
     * ledger's (null before issuance) and the last error is cleared unless the bill failed.
     */
    public void adoptOutcome(String billKey, String invoiceNumber) {
        jdbc.update(
                "update his_bill set invoice_number = ?, last_error = case when status = 'FAILED' then last_error "
                        + "else null end where bill_key = ?",
                invoiceNumber,
                billKey);
    }

    /** Sets the invoice number to the ledger's. */
    public void adoptInvoice(String billKey, String invoiceNumber) {
        jdbc.update("update his_bill set invoice_number = ? where bill_key = ?", invoiceNumber, billKey);
    }
}
