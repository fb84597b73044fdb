package io.fapiao.verifier.verdicts;

import io.fapiao.protocol.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.core.type.TypeReference;

/**
 * The verifier's local verdicts, table {@code verdict}: one row per bill, written in the transaction
 * that advances the event checkpoint, so a row exists exactly when its BillSubmitted event has been
 * consumed.
 *
 * <pre>{@code
 * store.insert(verdict);                                   // inside the checkpoint's transaction
 * Optional<StoredVerdict> found = store.find(billKey);
 * List<StoredVerdict> page = store.list("REJECTED", null, null, 50);
 * }</pre>
 */
public final class VerdictStore {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<RuleBreach>> BREACHES = new TypeReference<>() {};
    private static final String COLUMNS = "verdict_no, bill_key, kind, suite, header_digest, outcome, reason_codes, "
            + "detail, violations, duplicate_of, origin, transaction_id, block_number, recorded_at, "
            + "verifier_fingerprint, event_transaction_id, event_block_number, stored_at";

    private final JdbcTemplate jdbc;
    private final RowMapper<StoredVerdict> rows = VerdictStore::row;

    public VerdictStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Stores a verdict; its {@code number} is assigned here and ignored on input. */
    public void insert(StoredVerdict verdict) {
        jdbc.update(
                "insert into verdict (bill_key, kind, suite, header_digest, outcome, reason_codes, detail, "
                        + "violations, duplicate_of, origin, transaction_id, block_number, recorded_at, "
                        + "verifier_fingerprint, event_transaction_id, event_block_number, stored_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                verdict.billKey(),
                verdict.kind(),
                verdict.suite(),
                verdict.headerDigest(),
                verdict.verdict(),
                json(verdict.reasonCodes()),
                verdict.detail(),
                json(verdict.violations()),
                json(verdict.duplicateOf()),
                verdict.origin(),
                verdict.transactionId(),
                verdict.blockNumber(),
                verdict.recordedAt(),
                verdict.verifierFingerprint(),
                verdict.eventTransactionId(),
                verdict.eventBlockNumber(),
                Timestamp.from(verdict.storedAt()));
    }

    /** The verdict on {@code billKey}, if one was stored. */
    public Optional<StoredVerdict> find(String billKey) {
        return jdbc.query("select " + COLUMNS + " from verdict where bill_key = ?", rows, billKey).stream()
                .findFirst();
    }

    /**
     * Verdicts newest first.
     *
     * @param outcome ACCEPTED, REJECTED, or null for both
     * @param reason  a reason code the verdict must carry (e.g. DUPLICATE_SUSPECTED), or null
     * @param before  only verdicts numbered below this (the previous page's last number), or null
     * @param limit   at most this many
     */
    public List<StoredVerdict> list(String outcome, String reason, Long before, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from verdict where 1 = 1");
        List<Object> arguments = new ArrayList<>();
        if (outcome != null) {
            sql.append(" and outcome = ?");
            arguments.add(outcome);
        }
        if (reason != null) {
            // Codes are [A-Z][A-Z0-9_]*, checked by the caller, so the quoted code cannot match a longer one.
            sql.append(" and reason_codes like ?");
            arguments.add("%\"" + reason + "\"%");
        }
        if (before != null) {
            sql.append(" and verdict_no < ?");
            arguments.add(before);
        }
        sql.append(" order by verdict_no desc limit ?");
        arguments.add(limit);
        return jdbc.query(sql.toString(), rows, arguments.toArray());
    }

    /** Every stored verdict, oldest first: what a reconciliation compares with the ledger. */
    public List<StoredVerdict> all() {
        return jdbc.query("select " + COLUMNS + " from verdict order by verdict_no", rows);
    }

    /**
     * Makes the stored verdict on {@code billKey} the one the ledger recorded (origin LEDGER): for a
     * reconciliation that found them different. The ledger's verdict is the one that counts.
     *
     * @return whether a verdict was stored for the bill
     */
    public boolean adoptLedger(
            String billKey,
            String outcome,
            List<String> reasonCodes,
            String transactionId,
            String recordedAt,
            String verifierFingerprint,
            String detail) {
        return jdbc.update(
                        "update verdict set outcome = ?, reason_codes = ?, origin = ?, transaction_id = ?, "
                                + "block_number = null, recorded_at = ?, verifier_fingerprint = ?, detail = ? where bill_key = ?",
                        outcome,
                        json(reasonCodes),
                        StoredVerdict.FOUND_ON_LEDGER,
                        transactionId,
                        recordedAt,
                        verifierFingerprint,
                        detail.length() <= 4000 ? detail : detail.substring(0, 3997) + "...",
                        billKey)
                == 1;
    }

    /**
     * Removes the stored verdict on {@code billKey}: for a reconciliation that found a verdict here the
     * ledger never recorded, so that the bill is verified again.
     *
     * @return whether there was one
     */
    public boolean delete(String billKey) {
        return jdbc.update("delete from verdict where bill_key = ?", billKey) == 1;
    }

    private static StoredVerdict row(ResultSet rs, int n) throws SQLException {
        long block = rs.getLong("block_number");
        Long blockNumber = rs.wasNull() ? null : block;
        return new StoredVerdict(
                rs.getLong("verdict_no"),
                rs.getString("bill_key"),
                rs.getString("kind"),
                rs.getString("suite"),
                rs.getString("header_digest"),
                rs.getString("outcome"),
                read(rs.getString("reason_codes"), STRINGS),
                rs.getString("detail"),
                read(rs.getString("violations"), BREACHES),
                read(rs.getString("duplicate_of"), STRINGS),
                rs.getString("origin"),
                rs.getString("transaction_id"),
                blockNumber,
                rs.getString("recorded_at"),
                rs.getString("verifier_fingerprint"),
                rs.getString("event_transaction_id"),
                rs.getLong("event_block_number"),
                rs.getTimestamp("stored_at").toInstant());
    }

    private static String json(Object value) {
        return Json.mapper().writeValueAsString(value);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        return Json.mapper().readValue(json, type);
    }
}
