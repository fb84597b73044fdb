package io.fapiao.hisadapter.submission;

import io.fapiao.hisadapter.bill.BillStatus;
import io.fapiao.protocol.crypto.CryptoSuite;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The bills still to be handed to the ledger (table {@code his_submission_outbox}). A worker claims
 * a due row with a lease (a conditional update, so two workers, in this process or another on the
 * same database, never hold the same row), works on it, and either removes it (submitted or failed for
 * good) or puts it back with a later due time. A lease left by a crashed worker expires.
 *
 * <pre>{@code
 * Optional<String> billKey = outbox.claim(owner);
 * billKey.ifPresent(key -> { ...; outbox.retryLater(key, owner, wait); });
 * }</pre>
 */
@Component
public class SubmissionOutbox {
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration lease;

    public SubmissionOutbox(JdbcTemplate jdbc, Clock clock, io.fapiao.hisadapter.HisProperties properties) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lease = properties.lease();
    }

    /** How long a claim holds a bill. */
    public Duration lease() {
        return lease;
    }

    /** Claims the longest-due bill nobody holds; empty when none is due. */
    public Optional<String> claim(String owner) {
        long now = clock.millis();
        List<String> due = jdbc.queryForList("select bill_key from his_submission_outbox where next_attempt_at <= ? "
                + "and (lease_until is null or lease_until < ?) order by next_attempt_at, bill_key "
                + "fetch first 10 rows only", String.class, now, now);
        for (String billKey : due) {
            int claimed = jdbc.update("update his_submission_outbox set lease_owner = ?, lease_until = ? "
                    + "where bill_key = ? and (lease_until is null or lease_until < ?)",
                    owner, now + lease.toMillis(), billKey, now);
            if (claimed == 1) {
                return Optional.of(billKey);
            }
        }
        return Optional.empty();
    }

    /** What the worker needs of a claimed bill; empty when the bill is gone. */
    public Optional<Pending> pending(String billKey) {
        return jdbc.query("select bill_key, status, suite, bill_json, sealed_bill, attempts from his_bill "
                        + "where bill_key = ?",
                (rs, n) -> new Pending(rs.getString(1), BillStatus.valueOf(rs.getString(2)),
                        CryptoSuite.valueOf(rs.getString(3)), rs.getBytes(4), rs.getBytes(5), rs.getInt(6)),
                billKey).stream().findFirst();
    }

    /**
     * Stores the envelope unless one is stored already (another worker sealed first).
     *
     * @return whether this call stored it
     */
    public boolean storeEnvelope(String billKey, byte[] sealedBill, String headerDigest) {
        return jdbc.update("update his_bill set sealed_bill = ?, header_digest = ? where bill_key = ? "
                + "and sealed_bill is null", sealedBill, headerDigest, billKey) == 1;
    }

    /**
     * Makes {@code sealedBill}, the envelope the ledger holds for the bill, the bill's envelope, in place
     * of one sealed here that never reached the ledger: what was sealed and committed is kept, never
     * sealed again.
     */
    public void adoptEnvelope(String billKey, byte[] sealedBill, String headerDigest) {
        jdbc.update("update his_bill set sealed_bill = ?, header_digest = ? where bill_key = ?", sealedBill,
                headerDigest, billKey);
    }

    /** Counts an attempt on the bill: its error code, or null after a success. */
    public void countAttempt(String billKey, String errorCode) {
        jdbc.update("update his_bill set attempts = attempts + 1, last_error = ? where bill_key = ?",
                errorCode, billKey);
    }

    /** Puts the bill back, due after {@code wait}. */
    public void retryLater(String billKey, String owner, Duration wait) {
        jdbc.update("update his_submission_outbox set next_attempt_at = ?, lease_owner = null, lease_until = null "
                + "where bill_key = ? and lease_owner = ?", clock.millis() + wait.toMillis(), billKey, owner);
    }

    /** Takes the bill out: it needs no more submitting. */
    public void remove(String billKey) {
        jdbc.update("delete from his_submission_outbox where bill_key = ?", billKey);
    }

    /** Gives back every row {@code owner} holds, so a restarted worker need not wait for leases to expire. */
    public void release(String owner) {
        jdbc.update("update his_submission_outbox set lease_owner = null, lease_until = null where lease_owner = ?",
                owner);
    }

    /** How many bills wait for the ledger. */
    public int size() {
        Integer count = jdbc.queryForObject("select count(*) from his_submission_outbox", Integer.class);
        return count == null ? 0 : count;
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
    public record Pending(String billKey, BillStatus status, CryptoSuite suite, byte[] storedBill, byte[] sealedBill,
            int attempts) {}
}
