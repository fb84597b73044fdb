package io.fapiao.issuer.numbering;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * This issuer's numbers of one period, per bill code (or old series and year), from its own database
 * ({@code GET /v1/numbering/report}). The ledger is the source of truth for issued numbers; {@code
 * fapiao reconcile} brings this database to agree with it.
 *
 * <pre>{@code
 * NumberReport report = reports.report(ReportPeriod.parse("2026-12", zone));
 * report.scopes().getFirst().counts().get(NumberState.VOID);   // void numbers taken in December
 * }</pre>
 *
 * @param period the period as asked, {@code yyyy-MM} or {@code yyyy}
 * @param zone   the numbering zone the period is a calendar month or year of
 * @param from   its first instant, ISO-8601
 * @param to     the first instant after it
 * @param scopes one per bill code (or series and year) with numbers taken in the period or ranges of its year
 */
public record NumberReport(String period, String zone, String from, String to, List<Scope> scopes) {

    /**
     * The numbers of one bill code (or series and year).
     *
     * @param billCode     the 8-digit bill code ({@code 44010126}), or in the old form series and year
     *                     ({@code FP01-2026})
     * @param series       the bill-code prefix, or the old series
     * @param year         the year in the numbers
     * @param counts       the numbers taken in the period by state: USED, VOID and TAKEN (promised, not yet
     *                     on the ledger nor void), each always present
     * @param voids        each void number taken in the period, with its reason, lowest first
     * @param lowestUsed   the lowest number used in the period, null when none was
     * @param highestUsed  the highest one
     * @param gaps         numbers between the lowest and the highest used that this issuer handed out from
     *                     its ranges but has no record of (neither used, void nor taken, in any period),
     *                     as ranges, lowest first
     * @param reserved     how many numbers this issuer's ranges of the bill code hold (the whole year's, now)
     * @param notHandedOut how many of them are not handed out yet (now)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scope(
            String billCode,
            String series,
            int year,
            Map<NumberState, Long> counts,
            List<VoidNumber> voids,
            String lowestUsed,
            String highestUsed,
            List<Gap> gaps,
            long reserved,
            long notHandedOut) {}

    /**
     * A void number.
     *
     * @param invoiceNumber the number
     * @param reason        why it was made void
     * @param takenAt       when it was taken, ISO-8601
     */
    public record VoidNumber(String invoiceNumber, String reason, String takenAt) {}

    /**
     * Consecutive numbers missing from the record.
     *
     * @param from  the first missing number
     * @param to    the last one ({@code from} when one is missing)
     * @param count how many
     */
    public record Gap(String from, String to, long count) {}
}
