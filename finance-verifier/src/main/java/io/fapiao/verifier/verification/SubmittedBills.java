package io.fapiao.verifier.verification;

import io.fapiao.ledger.client.events.EventHandler;
import io.fapiao.ledger.client.events.LedgerEvent;
import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Json;
import io.fapiao.service.work.WorkQueue;
import io.fapiao.verifier.verdicts.VerdictStore;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Turns each {@code BillSubmitted} event into a work item of the {@code verification} queue, inside
 * the event checkpoint's transaction ({@link io.fapiao.service.checkpoint.JdbcEventCheckpoint}): the
 * item and the new position commit together, so every submitted bill is queued exactly once and none
 * is skipped, while the event stream never waits for a verdict. The {@link VerdictRecorder}'s workers
 * do the rest. A bill that already has a local verdict (its events read again from an older
 * checkpoint) is not queued again; the other events are ignored.
 *
 * <pre>{@code
 * new EventConsumer("finance-verifier", ledger, new JdbcEventCheckpoint(jdbc, tx, "finance-verifier"),
 *         new SubmittedBills(queue, verdicts));
 * }</pre>
 */
public final class SubmittedBills implements EventHandler {
    /** The event the verifier acts on. */
    public static final String BILL_SUBMITTED = "BillSubmitted";

    private final WorkQueue queue;
    private final VerdictStore verdicts;

    public SubmittedBills(WorkQueue queue, VerdictStore verdicts) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.verdicts = Objects.requireNonNull(verdicts, "verdicts");
    }

    @Override
    public void handle(LedgerEvent event) throws ProtocolException {
        if (!BILL_SUBMITTED.equals(event.name())) {
            return;
        }
        String billKey = billKeyOf(event);
        if (verdicts.find(billKey).isEmpty()) {
            queue.add(billKey, event.transactionId(), event.blockNumber());
        }
    }

    private static String billKeyOf(LedgerEvent event) throws ProtocolException {
        JsonNode payload = Json.readTree(event.payload());
        JsonNode billKey = payload.get("billKey");
        if (billKey == null || !billKey.isString()) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED,
                    "the BillSubmitted event of tx " + event.transactionId()
                            + " carries no billKey; is the ledger's contract the expected version?");
        }
        return billKey.stringValue();
    }
}
