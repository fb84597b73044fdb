package io.fapiao.hisadapter.submission;

import io.fapiao.hisadapter.HisProperties;
import io.fapiao.hisadapter.bill.BillStatus;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.service.work.WorkQueue;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The bills still to be handed to the ledger: one item each in the service's durable work queue
 * {@value #QUEUE} ({@link WorkQueue}, table {@code work_item}), added in the transaction that stores the
 * bill and removed in the one that records it SUBMITTED or FAILED; the submission workers
 * ({@link io.fapiao.service.work.WorkerPool} running {@link BillSubmission}) claim them with a lease. Also
 * what those workers read and write of the bill itself: its envelope and its submission attempts.
 *
 * <pre>{@code
 * transactions.executeWithoutResult(s -> { ...store the bill...; outbox.add(billKey); });
 * new WorkerPool(SubmissionOutbox.QUEUE, outbox.queue(), instance, 8, submission, pollInterval, backoff);
 * }</pre>
 */
@Component
public class SubmissionOutbox {
    /** The queue's name in {@code work_item}; the workers hold its leases as {@code submission@<instance id>}. */
    public static final String QUEUE = "submission";

    private final JdbcTemplate jdbc;
    private final WorkQueue queue;

    public SubmissionOutbox(JdbcTemplate jdbc, Clock clock, HisProperties properties) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.queue = new WorkQueue(jdbc, QUEUE, properties.lease(), clock);
    }

    /** The work queue the submission workers claim from. */
    public WorkQueue queue() {
        return queue;
    }

    /** Queues a bill just stored, in the caller's transaction. */
    public void add(String billKey) {
        queue.add(billKey, null, null);
    }

    /**
     * Takes the bill out, in the caller's transaction, whoever holds it: it needs no more submitting. A
     * worker that holds it then writes nothing more for it (its put-back matches its own claim only).
     */
    public void remove(String billKey) {
        queue.find(billKey).ifPresent(queue::remove);
    }

    /** What the worker needs of a claimed bill; empty when the bill is gone. */
    public Optional<Pending> pending(String billKey) {
        return jdbc
                .query(
                        "select bill_key, status, suite, bill_json, sealed_bill, attempts from his_bill "
                                + "where bill_key = ?",
                        (rs, n) -> new Pending(
                                rs.getString(1),
                                BillStatus.valueOf(rs.getString(2)),
                                CryptoSuite.valueOf(rs.getString(3)),
                                rs.getBytes(4),
                                rs.getBytes(5),
                                rs.getInt(6)),
                        billKey)
                .stream()
                .findFirst();
    }

    /**
     * Stores the envelope unless one is stored already (another worker sealed first).
     *
     * @return whether this call stored it
     */
    public boolean storeEnvelope(String billKey, byte[] sealedBill, String headerDigest) {
        return jdbc.update(
                        "update his_bill set sealed_bill = ?, header_digest = ? where bill_key = ? "
                                + "and sealed_bill is null",
                        sealedBill,
                        headerDigest,
                        billKey)
                == 1;
    }

    /**
     * Makes {@code sealedBill}, the envelope the ledger holds for the bill, the bill's envelope, in place
     * of one sealed here that never reached the ledger: what was sealed and committed is kept, never
     * sealed again.
     */
    public void adoptEnvelope(String billKey, byte[] sealedBill, String headerDigest) {
        jdbc.update(
                "update his_bill set sealed_bill = ?, header_digest = ? where bill_key = ?",
                sealedBill,
                headerDigest,
                billKey);
    }

    /** Counts an attempt on the bill: its error code, or null after a success. */
    public void countAttempt(String billKey, String errorCode) {
        jdbc.update(
                "update his_bill set attempts = attempts + 1, last_error = ? where bill_key = ?", errorCode, billKey);
    }

    /**
     * A bill to submit.
     *
     * @param billKey    its key
     * @param status     its status
     * @param suite      the suite it is sealed under
     * @param storedBill the canonical bill as the vault stores it
     * @param sealedBill the envelope, once sealed
     * @param attempts   submission attempts so far
     */
    public record Pending(
            String billKey, BillStatus status, CryptoSuite suite, byte[] storedBill, byte[] sealedBill, int attempts) {}
}
