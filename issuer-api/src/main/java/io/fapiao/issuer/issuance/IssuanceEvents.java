package io.fapiao.issuer.issuance;

import io.fapiao.issuer.numbering.RangeReservation;
import io.fapiao.ledger.client.events.LedgerEvent;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.service.work.WorkItem;
import io.fapiao.service.work.WorkQueue;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * What the issuer does with the contract's events (consumer {@code issuer-api}): a BillVerified event
 * whose verdict is ACCEPTED queues the bill for issuance (work queue {@code issuance}, in the event
 * checkpoint's transaction, so each verified bill is queued exactly once); a NumberRangeReserved event
 * of this issuer's own reservation records the range if its reply was lost. BillRejected and
 * everything else is ignored. The issuer's workers then {@link #issueQueued issue} the queued bills,
 * several at a time: a failure that may pass (the ledger unreachable) is thrown, so the bill is tried
 * again later; a permanent one is recorded on the bill (FAILED, with its code) and the bill leaves the
 * queue.
 *
 * <pre>{@code
 * new EventConsumer("issuer-api", ledger, new JdbcEventCheckpoint(jdbc, tx, "issuer-api"), events::onEvent);
 * new WorkerPool("issuance", queue, instance, 8, events::issueQueued);
 * }</pre>
 */
public class IssuanceEvents {
    private static final Logger LOG = LoggerFactory.getLogger(IssuanceEvents.class);

    private final Issuance issuance;
    private final RangeReservation reservation;
    private final WorkQueue queue;

    IssuanceEvents(Issuance issuance, RangeReservation reservation, WorkQueue queue) {
        this.issuance = Objects.requireNonNull(issuance, "issuance");
        this.reservation = Objects.requireNonNull(reservation, "reservation");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** Handles one event; throws when it should be delivered again. */
    public void onEvent(LedgerEvent event) throws Exception {
        switch (event.name()) {
            case "BillVerified" -> onVerified(Json.readTree(event.payload()), event);
            case "NumberRangeReserved" -> {
                JsonNode range = Json.readTree(event.payload());
                reservation.learn(
                        range.path("issuerId").asString(""),
                        range.path("series").asString(""),
                        range.path("year").asInt(),
                        range.path("start").asLong(),
                        range.path("key").asString(""),
                        event.transactionId());
            }
            default -> {}
        }
    }

    private void onVerified(JsonNode payload, LedgerEvent event) {
        if (!"ACCEPTED".equals(payload.path("verdict").asString(""))) {
            return;
        }
        BillKey billKey = BillKey.parse(payload.path("billKey").asString(""));
        boolean issued = issuance.status(billKey)
                .filter(s -> s.state() == IssuanceState.ISSUED)
                .isPresent();
        if (!issued) {
            queue.add(billKey.toString(), event.transactionId(), event.blockNumber());
        }
    }

    /** Issues a queued bill; throws when it should be tried again later. */
    public void issueQueued(WorkItem item) throws IssuanceException {
        BillKey billKey = BillKey.parse(item.key());
        try {
            issuance.issue(billKey);
        } catch (IssuanceException e) {
            if (e.retryable()) {
                throw e;
            }
            LOG.warn("verified bill {} is not issued: {}: {}", billKey, e.code(), e.getMessage());
        }
    }
}
