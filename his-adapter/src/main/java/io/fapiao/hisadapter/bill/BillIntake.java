package io.fapiao.hisadapter.bill;

import io.fapiao.hisadapter.HisProperties;
import io.fapiao.hisadapter.submission.SubmissionOutbox;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.service.problem.RequestRefused;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a bill in: checks it strictly, makes sure it is one this adapter may submit and that nothing
 * known now dooms it ({@link BillAdmission}), and stores it with its first status and its place in the
 * submission outbox in one database transaction. Only then is it acknowledged. Retries are safe: the
 * same Idempotency-Key with the same bill, or the same bill under any key, answers with the bill
 * already stored, without judging it again (a bill once admitted is not refused on a retry because the
 * clock or the registry moved since).
 *
 * <pre>{@code
 * BillIntake.Received received = intake.receive(requestBody, idempotencyKey);
 * // 202 {billKey, status, statusUrl}
 * }</pre>
 */
@Service
public class BillIntake {
    /** The longest Idempotency-Key accepted. */
    public static final int MAX_IDEMPOTENCY_KEY = 255;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final BillJournal journal;
    private final BillVault vault;
    private final Clock clock;
    private final SubmissionOutbox submissions;
    private final HisProperties properties;
    private final BillAdmission admission;
    private final Set<String> submitters;

    public BillIntake(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            BillJournal journal,
            BillVault vault,
            Clock clock,
            SubmissionOutbox submissions,
            HisProperties properties,
            BillAdmission admission) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.submissions = Objects.requireNonNull(submissions, "submissions");
        this.properties = properties;
        this.admission = Objects.requireNonNull(admission, "admission");
        this.submitters = new LinkedHashSet<>(properties.submitters());
    }

    /**
     * Receives one bill from a client that acts for the submitters {@code callerActsFor} holds.
     *
     * @throws ProtocolException MALFORMED or INVALID_BILL (with every violation) for a bill that is not valid
     * @throws RequestRefused        IDEMPOTENCY_KEY_REQUIRED / _INVALID (400), SUBMITTER_NOT_ALLOWED (403) for
     *                           a submitter the caller is not registered for, UNKNOWN_SUBMITTER or TOO_LARGE
     *                           (422), a {@link BillAdmission} refusal (422), IDEMPOTENCY_KEY_REUSED or
     *                           BILL_CONFLICT (409)
     */
    public Received receive(byte[] body, String idempotencyKey, Predicate<String> callerActsFor)
            throws ProtocolException {
        String key = checkIdempotencyKey(idempotencyKey);
        Bill bill = Bill.parse(body);
        if (!callerActsFor.test(bill.issuerId())) {
            // A hospital's HIS signs through the adapter with the hospital's key: only for its own submitters.
            throw new RequestRefused(
                            RequestRefused.Kind.NOT_ALLOWED,
                            "SUBMITTER_NOT_ALLOWED",
                            "this client is not registered to " + "submit bills for issuerId " + bill.issuerId()
                                    + " (fapiao.security.clients[..].submitters)")
                    .with("issuerId", bill.issuerId());
        }
        if (!submitters.contains(bill.issuerId())) {
            throw new RequestRefused(
                            RequestRefused.Kind.UNACCEPTABLE,
                            "UNKNOWN_SUBMITTER",
                            "issuerId "
                                    + bill.issuerId() + " is not a submitter this adapter serves; it serves "
                                    + submitters
                                    + " (fapiao.his.submitters)")
                    .with("issuerId", bill.issuerId());
        }
        byte[] canonical = CanonicalJson.encode(bill);
        if (canonical.length > BillSealer.MAX_PAYLOAD_BYTES) {
            throw new RequestRefused(
                    RequestRefused.Kind.UNACCEPTABLE,
                    "TOO_LARGE",
                    "the bill has " + canonical.length
                            + " bytes in canonical form; a sealed bill holds at most " + BillSealer.MAX_PAYLOAD_BYTES
                            + ": split it into several bills");
        }
        Candidate candidate = new Candidate(
                new BillKey(bill.issuerId(), bill.billId()).toString(), bill, sha256(canonical), canonical, key);
        try {
            return transactions.execute(status -> store(candidate));
        } catch (DuplicateKeyException e) {
            // A concurrent request with the same key or bill committed first: answer as a retry of it.
            return transactions.execute(status -> store(candidate));
        }
    }

    private Received store(Candidate bill) {
        List<Map<String, Object>> keyed = jdbc.queryForList(
                "select k.bill_key, k.content_digest, b.status from his_idempotency_key k "
                        + "join his_bill b on b.bill_key = k.bill_key where k.idempotency_key = ?",
                bill.idempotencyKey());
        if (!keyed.isEmpty()) {
            Map<String, Object> row = keyed.get(0);
            String earlier = (String) row.get("bill_key");
            if (!bill.contentDigest().equals(row.get("content_digest"))) {
                throw new RequestRefused(
                                RequestRefused.Kind.CONFLICT,
                                "IDEMPOTENCY_KEY_REUSED",
                                "Idempotency-Key "
                                        + bill.idempotencyKey() + " was used for another bill (" + earlier
                                        + "); send a new bill with a new key")
                        .with("billKey", earlier);
            }
            return new Received(earlier, BillStatus.valueOf((String) row.get("status")), false);
        }
        List<Map<String, Object>> stored =
                jdbc.queryForList("select content_digest, status from his_bill where bill_key = ?", bill.billKey());
        if (!stored.isEmpty()) {
            Map<String, Object> row = stored.get(0);
            if (!bill.contentDigest().equals(row.get("content_digest"))) {
                throw new RequestRefused(
                                RequestRefused.Kind.CONFLICT,
                                "BILL_CONFLICT",
                                "bill " + bill.billKey()
                                        + " was already received with different contents; a bill id is never reused: issue the "
                                        + "changed bill under a new billId")
                        .with("billKey", bill.billKey());
            }
            rememberKey(bill);
            return new Received(bill.billKey(), BillStatus.valueOf((String) row.get("status")), false);
        }
        // Judged only as a new bill, inside the transaction: a refusal rolls back, leaving nothing stored.
        admission.check(bill.bill());
        String now = clock.instant().toString();
        jdbc.update(
                "insert into his_bill (bill_key, uscc, bill_id, content_digest, bill_json, suite, received_at, "
                        + "status, status_at, attempts, next_seq) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1)",
                bill.billKey(),
                bill.uscc(),
                bill.billId(),
                bill.contentDigest(),
                vault.seal(bill.billKey(), bill.canonical()),
                properties.suiteOf(bill.uscc()).name(),
                now,
                BillStatus.RECEIVED.name(),
                now);
        journal.begin(bill.billKey(), Transition.local(BillStatus.RECEIVED, now));
        // Queued in this transaction; the submission workers of this process are woken once it commits.
        submissions.add(bill.billKey());
        rememberKey(bill);
        return new Received(bill.billKey(), BillStatus.RECEIVED, true);
    }

    private void rememberKey(Candidate bill) {
        jdbc.update(
                "insert into his_idempotency_key (idempotency_key, bill_key, content_digest, created_at) "
                        + "values (?, ?, ?, ?)",
                bill.idempotencyKey(),
                bill.billKey(),
                bill.contentDigest(),
                clock.instant().toString());
    }

    private static String checkIdempotencyKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new RequestRefused(
                    RequestRefused.Kind.MALFORMED,
                    "IDEMPOTENCY_KEY_REQUIRED",
                    "send an Idempotency-Key "
                            + "header (for example a UUID) with every bill, and the same key when you retry it");
        }
        String bare = key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")
                ? key.substring(1, key.length() - 1)
                : key;
        boolean printable = !bare.isEmpty() && bare.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (!printable || bare.length() > MAX_IDEMPOTENCY_KEY) {
            throw new RequestRefused(
                    RequestRefused.Kind.MALFORMED,
                    "IDEMPOTENCY_KEY_INVALID",
                    "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY
                            + " visible ASCII characters without spaces, for example a UUID");
        }
        return bare;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private record Candidate(String billKey, Bill bill, String contentDigest, byte[] canonical, String idempotencyKey) {
        String uscc() {
            return bill.issuerId();
        }

        String billId() {
            return bill.billId();
        }
    }

    /**
     * The outcome of {@link #receive}.
     *
     * @param billKey the bill's key, {@code <uscc>:<billId>}
     * @param status  its status now
     * @param created whether this request stored it (false: a retry answered from what was stored)
     */
    public record Received(String billKey, BillStatus status, boolean created) {}
}
