package io.fapiao.issuer.issuance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Table {@code reversal}: one row per reversed (or to be reversed) blue invoice. */
@Component
class ReversalRecords {
    private static final String COLUMNS = "invoice_number, reason_code, state, red_invoice_number, document_hash, "
            + "transaction_id, block_number, failure_code, failure_detail, created_at, updated_at";

    private final JdbcTemplate jdbc;

    ReversalRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ReversalStatus> find(String invoiceNumber) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from reversal where invoice_number = ?",
                        ReversalRecords::row,
                        invoiceNumber)
                .stream()
                .findFirst();
    }

    Optional<ReversalStatus> byRedNumber(String redInvoiceNumber) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from reversal where red_invoice_number = ?",
                        ReversalRecords::row,
                        redInvoiceNumber)
                .stream()
                .findFirst();
    }

    java.util.List<ReversalStatus> inState(IssuanceState state) {
        return jdbc.query(
                "select " + COLUMNS + " from reversal where state = ? order by created_at, invoice_number",
                ReversalRecords::row,
                state.name());
    }

    /** Starts (or restarts, after a failure) a reversal with {@code reasonCode}. */
    void start(String invoiceNumber, String reasonCode) {
        OffsetDateTime now = now();
        jdbc.update(
                "insert into reversal (invoice_number, reason_code, state, created_at, updated_at) "
                        + "values (?, ?, 'NUMBERED', ?, ?) on conflict do nothing",
                invoiceNumber,
                reasonCode,
                now,
                now);
        jdbc.update(
                "update reversal set reason_code = ?, state = 'NUMBERED', failure_code = null, failure_detail = null, "
                        + "updated_at = ? where invoice_number = ? and state = 'FAILED'",
                reasonCode,
                now,
                invoiceNumber);
    }

    void numbered(String invoiceNumber, String redInvoiceNumber) {
        jdbc.update(
                "update reversal set red_invoice_number = ?, updated_at = ? where invoice_number = ? "
                        + "and state = 'NUMBERED'",
                redInvoiceNumber,
                now(),
                invoiceNumber);
    }

    void documented(String invoiceNumber, String documentHash) {
        jdbc.update(
                "update reversal set document_hash = ?, updated_at = ? where invoice_number = ? "
                        + "and state = 'NUMBERED'",
                documentHash,
                now(),
                invoiceNumber);
    }

    void reversed(
            String invoiceNumber,
            String reasonCode,
            String redInvoiceNumber,
            String documentHash,
            String transactionId,
            Long blockNumber) {
        OffsetDateTime now = now();
        jdbc.update(
                "insert into reversal (invoice_number, reason_code, state, created_at, updated_at) "
                        + "values (?, ?, 'ISSUED', ?, ?) on conflict do nothing",
                invoiceNumber,
                reasonCode,
                now,
                now);
        jdbc.update(
                "update reversal set state = 'ISSUED', reason_code = ?, red_invoice_number = ?, document_hash = ?, "
                        + "transaction_id = ?, block_number = ?, failure_code = null, failure_detail = null, updated_at = ? "
                        + "where invoice_number = ?",
                reasonCode,
                redInvoiceNumber,
                documentHash,
                transactionId,
                blockNumber,
                now,
                invoiceNumber);
    }

    void failed(String invoiceNumber, String code, String detail) {
        jdbc.update(
                "update reversal set state = 'FAILED', red_invoice_number = null, document_hash = null, "
                        + "failure_code = ?, failure_detail = ?, updated_at = ? where invoice_number = ? and state <> 'ISSUED'",
                code,
                detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail,
                now(),
                invoiceNumber);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static ReversalStatus row(ResultSet rs, int n) throws SQLException {
        long block = rs.getLong(7);
        Long blockNumber = rs.wasNull() ? null : block;
        return new ReversalStatus(
                rs.getString(1),
                rs.getString(2),
                IssuanceState.valueOf(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                blockNumber,
                rs.getString(8),
                rs.getString(9),
                rs.getObject(10, OffsetDateTime.class).toInstant(),
                rs.getObject(11, OffsetDateTime.class).toInstant());
    }
}
