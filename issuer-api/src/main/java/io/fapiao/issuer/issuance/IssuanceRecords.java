package io.fapiao.issuer.issuance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Table {@code issuance}: one row per bill. Every write is a single statement (autocommit). */
@Component
class IssuanceRecords {
    private static final String COLUMNS = "bill_key, state, invoice_number, check_code, document_hash, transaction_id, "
            + "block_number, origin, failure_code, failure_detail, created_at, updated_at";

    private final JdbcTemplate jdbc;

    IssuanceRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<IssuanceStatus> find(String billKey) {
        return jdbc
                .query("select " + COLUMNS + " from issuance where bill_key = ?", IssuanceRecords::row, billKey)
                .stream()
                .findFirst();
    }

    Optional<IssuanceStatus> byNumber(String invoiceNumber) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from issuance where invoice_number = ?",
                        IssuanceRecords::row,
                        invoiceNumber)
                .stream()
                .findFirst();
    }

    List<IssuanceStatus> inState(IssuanceState state) {
        return jdbc.query(
                "select " + COLUMNS + " from issuance where state = ? order by created_at, bill_key",
                IssuanceRecords::row,
                state.name());
    }

    void numbered(String billKey, String invoiceNumber, String checkCode) {
        OffsetDateTime now = now();
        int updated = jdbc.update(
                "update issuance set state = 'NUMBERED', invoice_number = ?, check_code = ?, "
                        + "document_hash = null, failure_code = null, failure_detail = null, updated_at = ? "
                        + "where bill_key = ? and state <> 'ISSUED' and (invoice_number is null or invoice_number <> ?)",
                invoiceNumber,
                checkCode,
                now,
                billKey,
                invoiceNumber);
        if (updated == 0) {
            jdbc.update(
                    "insert into issuance (bill_key, state, invoice_number, check_code, created_at, updated_at) "
                            + "values (?, 'NUMBERED', ?, ?, ?, ?) on conflict do nothing",
                    billKey,
                    invoiceNumber,
                    checkCode,
                    now,
                    now);
        }
    }

    void documented(String billKey, String documentHash) {
        jdbc.update(
                "update issuance set document_hash = ?, updated_at = ? where bill_key = ? and state = 'NUMBERED'",
                documentHash,
                now(),
                billKey);
    }

    void issued(
            String billKey,
            String invoiceNumber,
            String checkCode,
            String documentHash,
            String transactionId,
            Long blockNumber,
            String origin) {
        OffsetDateTime now = now();
        int updated = jdbc.update(
                "update issuance set state = 'ISSUED', invoice_number = ?, check_code = ?, "
                        + "document_hash = ?, transaction_id = coalesce(?, transaction_id), block_number = coalesce(?, block_number), "
                        + "origin = ?, failure_code = null, "
                        + "failure_detail = null, updated_at = ? where bill_key = ?",
                invoiceNumber,
                checkCode,
                documentHash,
                transactionId,
                blockNumber,
                origin,
                now,
                billKey);
        if (updated == 0) {
            jdbc.update(
                    "insert into issuance (bill_key, state, invoice_number, check_code, document_hash, "
                            + "transaction_id, block_number, origin, created_at, updated_at) "
                            + "values (?, 'ISSUED', ?, ?, ?, ?, ?, ?, ?, ?)",
                    billKey,
                    invoiceNumber,
                    checkCode,
                    documentHash,
                    transactionId,
                    blockNumber,
                    origin,
                    now,
                    now);
        }
    }

    void failed(String billKey, String code, String detail) {
        OffsetDateTime now = now();
        String shortDetail = detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail;
        int updated = jdbc.update(
                "update issuance set state = 'FAILED', invoice_number = null, check_code = null, "
                        + "document_hash = null, failure_code = ?, failure_detail = ?, updated_at = ? "
                        + "where bill_key = ? and state <> 'ISSUED'",
                code,
                shortDetail,
                now,
                billKey);
        if (updated == 0) {
            jdbc.update(
                    "insert into issuance (bill_key, state, failure_code, failure_detail, created_at, updated_at) "
                            + "values (?, 'FAILED', ?, ?, ?, ?) on conflict do nothing",
                    billKey,
                    code,
                    shortDetail,
                    now,
                    now);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static IssuanceStatus row(ResultSet rs, int n) throws SQLException {
        long block = rs.getLong(7);
        Long blockNumber = rs.wasNull() ? null : block;
        return new IssuanceStatus(
                rs.getString(1),
                IssuanceState.valueOf(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                blockNumber,
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getObject(11, OffsetDateTime.class).toInstant(),
                rs.getObject(12, OffsetDateTime.class).toInstant());
    }
}
