package io.fapiao.hisadapter.bill;

import io.fapiao.hisadapter.callback.CallbackOutbox;
import io.fapiao.protocol.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a bill's status changes: the bill row, its history row and, when a callback URL is
 * configured, the notification, all in the caller's transaction. A change the current status does
 * not allow (a late or repeated report of a step already taken) changes nothing, which is what makes
 * the submission worker and the event consumer safe to report the same step.
 *
 * <pre>{@code
 * transactions.executeWithoutResult(s -> journal.record(billKey, Transition.local(BillStatus.QUEUED, now)));
 * }</pre>
 */
@Component
public class BillJournal {
    private static final Logger LOG = LoggerFactory.getLogger(BillJournal.class);

    private final JdbcTemplate jdbc;
    private final CallbackOutbox callbacks;

    public BillJournal(JdbcTemplate jdbc, CallbackOutbox callbacks) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    }

    /**
     * The status of a bill, locking its row until the transaction ends; null when unknown. Every
     * transaction that changes a bill row calls this before anything else touches the row.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public BillStatus lock(String billKey) {
        List<String> rows =
                jdbc.queryForList("select status from his_bill where bill_key = ? for update", String.class, billKey);
        return rows.isEmpty() ? null : BillStatus.valueOf(rows.get(0));
    }

    /** Records the first transition of a bill just inserted with {@code next_seq = 1}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void begin(String billKey, Transition first) {
        if (lock(billKey) == null) {
            throw new IllegalStateException("bill " + billKey + " must be stored before its first transition");
        }
        append(billKey, first);
    }

    /**
     * Records {@code transition} if the bill is known and its status allows it.
     *
     * @return whether anything was recorded
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean record(String billKey, Transition transition) {
        BillStatus current = lock(billKey);
        if (current == null || !current.canBecome(transition.status())) {
            return false;
        }
        append(billKey, transition);
        return true;
    }

    /**
     * Records {@code transition} whether or not the current status allows it: for {@code fapiao
     * reconcile --repair}, which adopts the ledger's state where the local one contradicts it (a bill
     * FAILED here that the ledger shows ISSUED). Every other writer uses {@link #record}.
     *
     * @return whether the bill is known (and the transition recorded)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean adopt(String billKey, Transition transition) {
        if (lock(billKey) == null) {
            return false;
        }
        append(billKey, transition);
        return true;
    }

    private void append(String billKey, Transition transition) {
        Integer seq = jdbc.queryForObject("select next_seq from his_bill where bill_key = ?", Integer.class, billKey);
        jdbc.update(
                "update his_bill set status = ?, status_at = ?, next_seq = next_seq + 1, "
                        + "tx_id = coalesce(?, tx_id), block_number = coalesce(?, block_number), "
                        + "invoice_number = coalesce(?, invoice_number), last_error = coalesce(?, last_error) "
                        + "where bill_key = ?",
                transition.status().name(),
                transition.at(),
                transition.transactionId(),
                transition.blockNumber(),
                transition.invoiceNumber(),
                transition.errorCode(),
                billKey);
        jdbc.update(
                "insert into his_bill_transition (bill_key, seq, status, at, tx_id, block_number, reason_codes, "
                        + "invoice_number, red_invoice_number, error_code) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                billKey,
                seq,
                transition.status().name(),
                transition.at(),
                transition.transactionId(),
                transition.blockNumber(),
                codes(transition.reasonCodes()),
                transition.invoiceNumber(),
                transition.redInvoiceNumber(),
                transition.errorCode());
        callbacks.queue(billKey, seq, transition);
        LOG.info(
                "bill {} is {}{}",
                billKey,
                transition.status(),
                transition.transactionId() == null ? "" : " (tx " + transition.transactionId() + ")");
    }

    /**
     * Fills in the block of a ledger step recorded without one (a resubmission answered by the stored
     * record names the original transaction but not its block; the event names both).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void completeBlock(String billKey, String transactionId, long blockNumber) {
        jdbc.update(
                "update his_bill_transition set block_number = ? where bill_key = ? and tx_id = ? "
                        + "and block_number is null",
                blockNumber,
                billKey,
                transactionId);
        jdbc.update(
                "update his_bill set block_number = ? where bill_key = ? and tx_id = ? and block_number is null",
                blockNumber,
                billKey,
                transactionId);
    }

    private static String codes(List<String> codes) {
        return codes == null ? null : new String(CanonicalJson.encode(codes), StandardCharsets.UTF_8);
    }
}
