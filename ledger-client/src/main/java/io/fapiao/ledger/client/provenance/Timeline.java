package io.fapiao.ledger.client.provenance;

import java.util.List;

/**
 * The on-chain history of a bill and its invoice, oldest first.
 *
 * <pre>{@code
 * Timeline timeline = reader.timeline("HN01-2026-00000042");
 * timeline.steps().forEach(System.out::println);
 * }</pre>
 *
 * @param billKey       {@code <uscc>:<billId>}
 * @param invoiceNumber the bill's blue invoice, or null before issuance
 * @param steps         the steps in ledger order
 */
public record Timeline(String billKey, String invoiceNumber, List<TimelineStep> steps) {

    public Timeline {
        steps = List.copyOf(steps);
    }
}
