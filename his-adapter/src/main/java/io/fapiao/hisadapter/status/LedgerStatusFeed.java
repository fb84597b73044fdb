package io.fapiao.hisadapter.status;

import io.fapiao.hisadapter.bill.BillJournal;
import io.fapiao.hisadapter.bill.BillStatus;
import io.fapiao.hisadapter.bill.Transition;
import io.fapiao.ledger.client.events.LedgerEvent;
import io.fapiao.protocol.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Turns the contract's events into status transitions of the bills this adapter received; events of
 * other bills are passed over. It runs inside the event checkpoint's database transaction
 * ({@link io.fapiao.service.checkpoint.JdbcEventCheckpoint}), so an event's transitions and the
 * consumer's new position commit together.
 *
 * <table>
 *   <caption>Events and the transitions they make</caption>
 *   <tr><th>event</th><th>transition</th></tr>
 *   <tr><td>BillSubmitted (of this adapter's bill: its header digest)</td><td>SUBMITTED, if the worker has not
 *       recorded it yet</td></tr>
 *   <tr><td>BillVerified / BillRejected</td><td>VERIFIED / REJECTED with the reason codes</td></tr>
 *   <tr><td>InvoiceIssued</td><td>ISSUED with the invoice number</td></tr>
 *   <tr><td>InvoiceClaimed</td><td>CLAIMED</td></tr>
 *   <tr><td>InvoiceReversed</td><td>REVERSED with the red-letter number and the reason code</td></tr>
 * </table>
 *
 * <p>An event of a step this adapter recorded already (the worker's answer came first, or the bill was
 * brought up to the ledger's state by {@link io.fapiao.hisadapter.submission.BillAdoption}) changes nothing
 * but fills in the step's block, which only the event carries. Events of a bill this adapter did not know
 * was on the ledger yet are passed over; the adoption takes those steps from the ledger's records.
 *
 * <pre>{@code
 * new EventConsumer("his-adapter", ledger, new JdbcEventCheckpoint(jdbc, transactions, "his-adapter"), feed::handle);
 * }</pre>
 */
@Component
public class LedgerStatusFeed {
    /** The consumer name of the adapter's checkpoint. */
    public static final String CONSUMER = "his-adapter";

    private final JdbcTemplate jdbc;
    private final BillJournal journal;

    public LedgerStatusFeed(JdbcTemplate jdbc, BillJournal journal) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /** Handles one event; an exception leaves the checkpoint before it, so it is handled again. */
    public void handle(LedgerEvent event) throws Exception {
        BillStatus next = switch (event.name()) {
            case "BillSubmitted" -> BillStatus.SUBMITTED;
            case "BillVerified" -> BillStatus.VERIFIED;
            case "BillRejected" -> BillStatus.REJECTED;
            case "InvoiceIssued" -> BillStatus.ISSUED;
            case "InvoiceClaimed" -> BillStatus.CLAIMED;
            case "InvoiceReversed" -> BillStatus.REVERSED;
            default -> null;
        };
        if (next == null) {
            return;
        }
        JsonNode payload = Json.readTree(event.payload());
        String billKey = text(payload, "billKey");
        if (billKey == null) {
            return;
        }
        BillStatus current = journal.lock(billKey);
        if (current == null) {
            return; // not a bill this adapter received
        }
        Transition transition =
                Transition.onLedger(next, text(payload, "at"), event.transactionId(), event.blockNumber());
        switch (next) {
            case SUBMITTED -> {
                submitted(billKey, current, text(payload, "headerDigest"), transition);
                return;
            }
            case VERIFIED, REJECTED -> transition = transition.withReasonCodes(codes(payload.get("reasonCodes")));
            case ISSUED, CLAIMED -> transition = transition.withInvoice(text(payload, "invoiceNumber"), null);
            case REVERSED -> {
                String reason = text(payload, "reasonCode");
                transition = transition
                        .withInvoice(text(payload, "invoiceNumber"), text(payload, "redInvoiceNumber"))
                        .withReasonCodes(reason == null ? List.of() : List.of(reason));
            }
            default -> throw new IllegalStateException("no event makes " + next);
        }
        if (!journal.record(billKey, transition)) {
            journal.completeBlock(billKey, transition.transactionId(), transition.blockNumber());
        }
    }

    private void submitted(String billKey, BillStatus current, String headerDigest, Transition transition) {
        if (!current.awaitsSubmission()) {
            // The worker recorded it first; a repeat's answer lacked the block, which this event has.
            journal.completeBlock(billKey, transition.transactionId(), transition.blockNumber());
            return;
        }
        List<String> ours =
                jdbc.queryForList("select header_digest from his_bill where bill_key = ?", String.class, billKey);
        // Only this adapter's bill counts: a bill of the same key sealed elsewhere is not ours. The header digest
        // covers the content but not the envelope's keys, so a second sealing of the bill matches too: the outbox
        // row stays, and the submission worker makes sure the envelope kept here is the ledger's.
        if (headerDigest != null && !ours.isEmpty() && headerDigest.equals(ours.get(0))) {
            journal.record(billKey, transition);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isString() ? null : value.stringValue();
    }

    private static List<String> codes(JsonNode array) {
        List<String> codes = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode code : array) {
                codes.add(code.stringValue());
            }
        }
        return codes;
    }
}
