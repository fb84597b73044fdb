package io.fapiao.cli.platform;

import io.fapiao.service.reconcile.Disagreement;
import io.fapiao.service.reconcile.ReconcileReport;
import java.util.List;

/**
 * How {@code fapiao reconcile} shows the services' reports: per service a heading with the counts
 * and a table of disagreements (kind, key, the service's value, the ledger's, repaired or not) with
 * each one's detail below it; then a total, and the exit code that sums it up.
 *
 * <pre>
 * his-adapter (https://localhost:8081): 12 checked, 1 disagreement, 1 repaired
 *   KIND            KEY                              HERE      LEDGER    REPAIRED
 *   STATUS_BEHIND   91110108MA01ABCD2X:MZ0001        QUEUED    VERIFIED  yes
 *       the ledger is at VERIFIED (tx 9c1e...). Recorded SUBMITTED, VERIFIED from the ledger
 * </pre>
 *
 * <pre>{@code
 * out.print(ReconcileTable.render(url, report));
 * return ReconcileTable.exitCode(reports, unreachable);
 * }</pre>
 */
public final class ReconcileTable {
    /** Every service answered and agrees with the ledger (nothing found, or everything repaired). */
    public static final int AGREE = 0;
    /** At least one disagreement remains. */
    public static final int DISAGREE = 1;
    /** A service could not be reconciled (unreachable, refused, failed); nothing is known of it. */
    public static final int UNKNOWN = 2;

    private static final int VALUE_WIDTH = 30;

    private ReconcileTable() {}

    /** The heading and table of one service's report. */
    public static String render(String url, ReconcileReport report) {
        StringBuilder text = new StringBuilder();
        text.append(report.service())
                .append(" (")
                .append(url)
                .append("): ")
                .append(report.checked())
                .append(" checked, ")
                .append(count(report.found(), "disagreement"));
        if (report.repair()) {
            text.append(", ").append(report.repaired()).append(" repaired");
        }
        text.append('\n');
        List<Disagreement> disagreements = report.disagreements();
        if (disagreements.isEmpty()) {
            text.append("  agrees with the ledger\n");
            return text.toString();
        }
        int kindWidth = Math.max(
                4, disagreements.stream().mapToInt(d -> d.kind().length()).max().orElse(4));
        int keyWidth = Math.max(
                3, disagreements.stream().mapToInt(d -> d.key().length()).max().orElse(3));
        String row =
                "  %-" + kindWidth + "s  %-" + keyWidth + "s  %-" + VALUE_WIDTH + "s  %-" + VALUE_WIDTH + "s  %s%n";
        text.append(String.format(row, "KIND", "KEY", "HERE", "LEDGER", "REPAIRED"));
        for (Disagreement d : disagreements) {
            text.append(String.format(
                    row, d.kind(), d.key(), shorten(d.local()), shorten(d.ledger()), d.repaired() ? "yes" : "no"));
            if (!d.detail().isEmpty()) {
                text.append("      ").append(d.detail()).append('\n');
            }
        }
        return text.toString();
    }

    /** What is shown for a service that could not be reconciled. */
    public static String failure(String service, String url, String why) {
        return service + " (" + url + "): not reconciled: " + why + "\n";
    }

    /** The total over every service, and what it means. */
    public static String total(List<ReconcileReport> reports, int unreachable) {
        int checked = reports.stream().mapToInt(ReconcileReport::checked).sum();
        int found = reports.stream().mapToInt(ReconcileReport::found).sum();
        int repaired = reports.stream().mapToInt(ReconcileReport::repaired).sum();
        int remaining = reports.stream().mapToInt(ReconcileReport::remaining).sum();
        String services = unreachable == 0
                ? count(reports.size(), "service")
                : reports.size() + " of " + count(reports.size() + unreachable, "service") + " reconciled";
        StringBuilder text = new StringBuilder("total: ")
                .append(services)
                .append(", ")
                .append(checked)
                .append(" checked, ")
                .append(count(found, "disagreement"))
                .append(", ")
                .append(repaired)
                .append(" repaired, ")
                .append(remaining)
                .append(" remaining\n");
        if (unreachable > 0) {
            text.append(count(unreachable, "service")).append(" could not be reconciled (see above)\n");
        }
        if (remaining > 0) {
            boolean asked = reports.stream().anyMatch(ReconcileReport::repair);
            text.append(count(remaining, "disagreement"))
                    .append(" remain")
                    .append(remaining == 1 ? "s" : "")
                    .append(
                            asked
                                    ? ": the details say why each was not repaired\n"
                                    : ": ./fapiao reconcile --repair makes the services adopt the ledger's records\n");
        } else if (unreachable == 0) {
            text.append("every service agrees with the ledger\n");
        }
        return text.toString();
    }

    /** {@link #UNKNOWN} when a service could not be reconciled, else {@link #DISAGREE} or {@link #AGREE}. */
    public static int exitCode(List<ReconcileReport> reports, int unreachable) {
        if (unreachable > 0) {
            return UNKNOWN;
        }
        return reports.stream().allMatch(ReconcileReport::agrees) ? AGREE : DISAGREE;
    }

    private static String shorten(String value) {
        if (value == null) {
            return "-";
        }
        return value.length() <= VALUE_WIDTH ? value : value.substring(0, VALUE_WIDTH - 3) + "...";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
