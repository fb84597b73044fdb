package io.fapiao.service.reconcile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one service's reconciliation found: how many of its records it compared with the ledger's,
 * and every disagreement, each with whether it was repaired. The answer of
 * {@code POST /v1/admin/reconcile} on every service, and what {@code fapiao reconcile} prints.
 *
 * <pre>{@code
 * ReconcileReport.Builder report = ReconcileReport.builder("his-adapter", repair, clock);
 * report.checked();                                   // once per record compared
 * report.add(Disagreement.found("STATUS_BEHIND", billKey, "QUEUED", "VERIFIED", "..."));
 * ReconcileReport done = report.build();              // done.remaining() == 0: the service agrees
 * }</pre>
 *
 * @param service       the service's name
 * @param repair        whether repairs were asked for
 * @param startedAt     when the walk began (ISO-8601)
 * @param finishedAt    when it ended
 * @param checked       how many records (local and ledger, by key) were compared
 * @param found         how many disagreements were found
 * @param repaired      how many of them this run repaired
 * @param remaining     how many still stand: {@code found - repaired}
 * @param disagreements every disagreement, in the order found
 */
public record ReconcileReport(
        String service,
        boolean repair,
        String startedAt,
        String finishedAt,
        int checked,
        int found,
        int repaired,
        int remaining,
        List<Disagreement> disagreements) {

    public ReconcileReport {
        Objects.requireNonNull(service, "service");
        disagreements = List.copyOf(disagreements);
    }

    /** Whether the service agrees with the ledger now (nothing found, or everything repaired). */
    @JsonIgnore
    public boolean agrees() {
        return remaining == 0;
    }

    /** A report being collected by {@code service}'s reconciler. */
    public static Builder builder(String service, boolean repair, Clock clock) {
        return new Builder(service, repair, clock);
    }

    /**
     * Collects a report; not thread-safe (one reconciler walks its records in one thread).
     *
     * <pre>{@code
     * ReconcileReport report = ReconcileReport.builder("issuer-api", false, Clock.systemUTC()).build();
     * }</pre>
     */
    public static final class Builder {
        private final String service;
        private final boolean repair;
        private final Clock clock;
        private final Instant startedAt;
        private final List<Disagreement> disagreements = new ArrayList<>();
        private int checked;

        private Builder(String service, boolean repair, Clock clock) {
            this.service = Objects.requireNonNull(service, "service");
            this.repair = repair;
            this.clock = Objects.requireNonNull(clock, "clock");
            this.startedAt = clock.instant();
        }

        /** Whether repairs were asked for. */
        public boolean repair() {
            return repair;
        }

        /** Counts one record compared. */
        public Builder checked() {
            checked++;
            return this;
        }

        /** Adds a disagreement as found, repaired or not. */
        public Builder add(Disagreement disagreement) {
            disagreements.add(Objects.requireNonNull(disagreement, "disagreement"));
            return this;
        }

        public ReconcileReport build() {
            int repairedCount =
                    (int) disagreements.stream().filter(Disagreement::repaired).count();
            return new ReconcileReport(
                    service,
                    repair,
                    startedAt.toString(),
                    clock.instant().toString(),
                    checked,
                    disagreements.size(),
                    repairedCount,
                    disagreements.size() - repairedCount,
                    disagreements);
        }
    }
}
