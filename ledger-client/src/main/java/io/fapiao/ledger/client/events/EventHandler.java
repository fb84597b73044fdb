package io.fapiao.ledger.client.events;

/**
 * What a consumer does with each event. An exception stops the stream without advancing its
 * checkpoint, so the same event comes first when the stream runs again.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(LedgerEvent event) throws Exception;
}
