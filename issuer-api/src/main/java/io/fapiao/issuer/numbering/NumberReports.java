package io.fapiao.issuer.numbering;

import io.fapiao.protocol.ledger.InvoiceNumber;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reports this issuer's numbers of a period from its own tables ({@code invoice_number} and {@code
 * number_range}) and nothing else: what it used, made void and still promises, and which numbers it
 * handed out but has no record of. The ledger is the source of truth for issued numbers; this is the
 * issuer's view of them, which {@code fapiao reconcile} converges to the ledger's.
 *
 * <pre>{@code
 * NumberReport report = reports.report(ReportPeriod.parse("2026", numbering.properties().zone()));
 * }</pre>
 */
@Service
public class NumberReports {
    private final JdbcTemplate jdbc;
    private final RangeTable ranges;
    private final NumberingProperties properties;

    NumberReports(JdbcTemplate jdbc, RangeTable ranges, NumberingProperties properties) {
        this.jdbc = jdbc;
        this.ranges = ranges;
        this.properties = properties;
    }

    /** The report of {@code period}; a period with nothing in it has no scopes. */
    @Transactional(readOnly = true)
    public NumberReport report(ReportPeriod period) {
        Map<Key, List<Row>> numbers = new TreeMap<>();
        jdbc.query(
                        "select invoice_number, state, void_reason, taken_at from invoice_number "
                                + "where taken_at >= ? and taken_at < ?",
                        (rs, n) -> new Row(
                                InvoiceNumber.parse("invoiceNumber", rs.getString(1)),
                                NumberState.valueOf(rs.getString(2)),
                                rs.getString(3),
                                rs.getObject(4, OffsetDateTime.class).toInstant()),
                        period.from().atOffset(ZoneOffset.UTC),
                        period.to().atOffset(ZoneOffset.UTC))
                .forEach(row -> numbers.computeIfAbsent(Key.of(row.number()), k -> new ArrayList<>())
                        .add(row));
        Map<Key, List<LocalRange>> rangesByKey = new TreeMap<>();
        for (LocalRange range : ranges.all()) {
            rangesByKey
                    .computeIfAbsent(new Key(range.series(), range.year()), k -> new ArrayList<>())
                    .add(range);
        }
        Set<Key> keys = new TreeSet<>(numbers.keySet());
        // A range belongs to a year, not a month: every month of the year shows its year's ranges.
        rangesByKey.keySet().stream().filter(k -> k.year() == period.year()).forEach(keys::add);
        List<NumberReport.Scope> scopes = new ArrayList<>();
        for (Key key : keys) {
            scopes.add(scope(key, numbers.getOrDefault(key, List.of()), rangesByKey.getOrDefault(key, List.of())));
        }
        return new NumberReport(
                period.text(),
                period.zone().getId(),
                period.from().toString(),
                period.to().toString(),
                scopes);
    }

    private NumberReport.Scope scope(Key key, List<Row> rows, List<LocalRange> keyRanges) {
        InvoiceNumber.Form form =
                rows.isEmpty() ? formOf(key.series()) : rows.getFirst().number().form();
        List<Row> sorted = rows.stream()
                .sorted(Comparator.comparingLong(r -> r.number().sequence()))
                .toList();
        Map<NumberState, Long> counts = new EnumMap<>(NumberState.class);
        for (NumberState state : NumberState.values()) {
            counts.put(state, 0L);
        }
        List<NumberReport.VoidNumber> voids = new ArrayList<>();
        long lowest = Long.MAX_VALUE;
        long highest = Long.MIN_VALUE;
        for (Row row : sorted) {
            counts.merge(row.state(), 1L, Long::sum);
            if (row.state() == NumberState.VOID) {
                voids.add(new NumberReport.VoidNumber(
                        row.number().toString(), row.reason(), row.takenAt().toString()));
            } else if (row.state() == NumberState.USED) {
                lowest = Math.min(lowest, row.number().sequence());
                highest = Math.max(highest, row.number().sequence());
            }
        }
        boolean anyUsed = lowest <= highest;
        List<NumberReport.Gap> gaps = anyUsed ? gaps(key, form, lowest, highest, keyRanges) : List.of();
        long reserved =
                keyRanges.stream().mapToLong(r -> r.end() - r.start() + 1).sum();
        long notHandedOut = keyRanges.stream().mapToLong(LocalRange::remaining).sum();
        InvoiceNumber any = new InvoiceNumber(form, key.series(), key.year(), 1);
        return new NumberReport.Scope(
                any.billCode(),
                key.series(),
                key.year(),
                counts,
                voids,
                anyUsed ? any.withSequence(lowest).toString() : null,
                anyUsed ? any.withSequence(highest).toString() : null,
                gaps,
                reserved,
                notHandedOut);
    }

    /**
     * The numbers from {@code lowest} to {@code highest} that a range of this issuer handed out (below
     * its next sequence) and that have no row, whatever period they would belong to: a number of
     * another issuer's range, or one not yet handed out, is no gap, and one taken in another period is
     * reported there.
     */
    private List<NumberReport.Gap> gaps(
            Key key, InvoiceNumber.Form form, long lowest, long highest, List<LocalRange> keyRanges) {
        Set<Long> known = new HashSet<>(jdbc.queryForList(
                "select sequence_number from invoice_number where series = ? and number_year = ? "
                        + "and sequence_number between ? and ?",
                Long.class,
                key.series(),
                key.year(),
                lowest,
                highest));
        InvoiceNumber any = new InvoiceNumber(form, key.series(), key.year(), 1);
        List<NumberReport.Gap> gaps = new ArrayList<>();
        long start = -1;
        long last = -1;
        for (LocalRange range : keyRanges) {
            for (long s = Math.max(range.start(), lowest); s <= Math.min(range.nextSequence() - 1, highest); s++) {
                if (known.contains(s)) {
                    continue;
                }
                if (start >= 0 && s == last + 1) {
                    last = s;
                    continue;
                }
                if (start >= 0) {
                    gaps.add(gap(any, start, last));
                }
                start = s;
                last = s;
            }
        }
        if (start >= 0) {
            gaps.add(gap(any, start, last));
        }
        return gaps;
    }

    private static NumberReport.Gap gap(InvoiceNumber any, long from, long to) {
        return new NumberReport.Gap(
                any.withSequence(from).toString(), any.withSequence(to).toString(), to - from + 1);
    }

    /** The form of a range's numbers when none of them is in the period: this issuer's own, else by its shape. */
    private InvoiceNumber.Form formOf(String series) {
        if (series.equals(properties.rangeSeries())) {
            return properties.form();
        }
        return InvoiceNumber.BILL_CODE_PREFIX.matcher(series).matches()
                ? InvoiceNumber.Form.BILL_CODE
                : InvoiceNumber.Form.SERIES;
    }

    private record Row(InvoiceNumber number, NumberState state, String reason, Instant takenAt) {}

    private record Key(String series, int year) implements Comparable<Key> {
        static Key of(InvoiceNumber number) {
            return new Key(number.series(), number.year());
        }

        @Override
        public int compareTo(Key other) {
            int bySeries = series.compareTo(other.series);
            return bySeries != 0 ? bySeries : Integer.compare(year, other.year);
        }
    }
}
