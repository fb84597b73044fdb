package io.fapiao.issuer.numbering;

import io.fapiao.protocol.ledger.NumberRange;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Table {@code number_range}: the ranges this issuer reserved, and how far each is used. */
@Component
class RangeTable {
    private static final String COLUMNS =
            "series, range_year, range_start, range_end, next_sequence, reserved_by, transaction_id";

    private final JdbcTemplate jdbc;

    RangeTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<LocalRange> all() {
        return jdbc.query(
                "select " + COLUMNS + " from number_range order by series, range_year, range_start", RangeTable::row);
    }

    boolean has(String series, int year, long start) {
        Integer n = jdbc.queryForObject(
                "select count(*) from number_range where series = ? and range_year = ? " + "and range_start = ?",
                Integer.class,
                series,
                year,
                start);
        return n != null && n > 0;
    }

    long remaining(String series, int year) {
        Long left = jdbc.queryForObject(
                "select coalesce(sum(range_end - next_sequence + 1), 0) from number_range "
                        + "where series = ? and range_year = ? and next_sequence <= range_end",
                Long.class,
                series,
                year);
        return left == null ? 0 : left;
    }

    /** The ranges with numbers left, lowest first, locked until the caller's transaction ends. */
    List<LocalRange> openForUpdate(String series, int year) {
        return jdbc.query(
                "select " + COLUMNS + " from number_range where series = ? and range_year = ? "
                        + "and next_sequence <= range_end order by range_start for update",
                RangeTable::row,
                series,
                year);
    }

    void advance(LocalRange range, long nextSequence) {
        jdbc.update(
                "update number_range set next_sequence = ? where series = ? and range_year = ? and range_start = ?",
                nextSequence,
                range.series(),
                range.year(),
                range.start());
    }

    /**
     * Records a reserved range unless it is known; a range first learnt from its event gets the
     * reservation's own reason when the reservation's reply is recorded after it.
     */
    void record(NumberRange range, String reservedBy, String transactionId) {
        jdbc.update(
                "insert into number_range (series, range_year, range_start, range_end, next_sequence, issuer_id, "
                        + "reserved_by, transaction_id, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                range.series(),
                range.year(),
                range.start(),
                range.end(),
                range.start(),
                range.issuerId(),
                reservedBy,
                transactionId,
                OffsetDateTime.now(ZoneOffset.UTC));
        if (!"EVENT".equals(reservedBy)) {
            jdbc.update(
                    "update number_range set reserved_by = ? where series = ? and range_year = ? and range_start = ? "
                            + "and reserved_by = 'EVENT'",
                    reservedBy,
                    range.series(),
                    range.year(),
                    range.start());
        }
    }

    private static LocalRange row(ResultSet rs, int n) throws SQLException {
        return new LocalRange(
                rs.getString(1),
                rs.getInt(2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getString(6),
                rs.getString(7));
    }
}
