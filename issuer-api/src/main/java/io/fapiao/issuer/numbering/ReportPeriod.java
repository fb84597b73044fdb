package io.fapiao.issuer.numbering;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar month or year in the numbering zone ({@code fapiao.issuer.numbering.zone}), as the number
 * report asks for it: {@code 2026-12} or {@code 2026}. A number belongs to the period in which it was
 * taken ({@link TakenNumber#takenAt}), the same instant and zone that put the year into the number, so
 * a year's report holds exactly the numbers of that year's bill code.
 *
 * <pre>{@code
 * ReportPeriod december = ReportPeriod.parse("2026-12", ZoneId.of("Asia/Shanghai"));
 * december.contains(taken.takenAt());   // from 2026-12-01T00:00+08:00 inclusive to 2027-01-01T00:00+08:00 exclusive
 * }</pre>
 *
 * @param text the period as asked, {@code yyyy} or {@code yyyy-MM}
 * @param zone the numbering zone
 * @param from its first instant
 * @param to   the first instant after it
 */
public record ReportPeriod(String text, ZoneId zone, Instant from, Instant to) {
    private static final Pattern FORM = Pattern.compile("([0-9]{4})(?:-(0[1-9]|1[0-2]))?");

    /**
     * The period {@code text} names in {@code zone}.
     *
     * @throws IllegalArgumentException when {@code text} is neither {@code yyyy} nor {@code yyyy-MM}
     */
    public static ReportPeriod parse(String text, ZoneId zone) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
            throw new IllegalArgumentException(
                    "period must be a month (yyyy-MM, e.g. 2026-12) or a year (yyyy), not '" + text + "'");
        }
        int year = Integer.parseInt(m.group(1));
        LocalDate first =
                m.group(2) == null ? LocalDate.of(year, 1, 1) : LocalDate.of(year, Integer.parseInt(m.group(2)), 1);
        LocalDate next = m.group(2) == null ? first.plusYears(1) : first.plusMonths(1);
        return new ReportPeriod(
                text,
                zone,
                first.atStartOfDay(zone).toInstant(),
                next.atStartOfDay(zone).toInstant());
    }

    /** The calendar year the period lies in, in its zone: the year of its numbers and of their ranges. */
    public int year() {
        return from.atZone(zone).getYear();
    }

    /** Whether {@code instant} lies in the period. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }
}
