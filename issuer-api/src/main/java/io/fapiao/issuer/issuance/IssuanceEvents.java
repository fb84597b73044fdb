package io.fapiao.issuer.issuance;

import io.fapiao.issuer.numbering.RangeReservation;
import io.fapiao.ledger.client.events.LedgerEvent;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What the issuer does with the contract's events (consumer {@code issuer-api}): a BillVerified event
 * whose verdict is ACCEPTED issues the bill; a NumberRangeReserved event of this issuer's own
 * reservation records the range if its reply was lost. BillRejected and everything else is ignored.
 * A failure that may pass (the ledger unreachable) is thrown, so the event comes again; a permanent
 * one is recorded on the bill (FAILED, with its code) and the stream moves on.
 *
 * <pre>{@code
 * new EventConsumer("issuer-api", ledger, new JdbcEventCheckpoint(jdbc, tx, "issuer-api"), events::onEvent);
 * }</pre>
 */
@Component
public class IssuanceEvents {
    private static final Logger LOG = LoggerFactory.getLogger(IssuanceEvents.class);

    private final Issuance issuance;
    private final RangeReservation reservation;

    IssuanceEvents(Issuance issuance, RangeReservation reservation) {
        this.issuance = issuance;
        this.reservation = reservation;
    }

    /** Handles one event; throws when it should be delivered again. */
    public void onEvent(LedgerEvent event) throws Exception {
        switch (event.name()) {
            case "BillVerified" -> onVerified(Json.readTree(event.payload()));
            case "NumberRangeReserved" -> {
                JsonNode range = Json.readTree(event.payload());
                reservation.learn(range.path("issuerId").asString(""), range.path("series").asString(""),
                        range.path("year").asInt(), range.path("start").asLong(), range.path("key").asString(""),
                        event.transactionId());
            }
            default -> { }
        }
    }

    private void onVerified(JsonNode payload) throws IssuanceException {
        if (!"ACCEPTED".equals(payload.path("verdict").asString(""))) {
            return;
        }
        BillKey billKey = BillKey.parse(payload.path("billKey").asString(""));
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
