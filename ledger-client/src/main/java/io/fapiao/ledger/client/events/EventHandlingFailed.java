package io.fapiao.ledger.client.events;

/** The handler failed on an event; the stream stopped there and did not advance past it. */
public final class EventHandlingFailed extends Exception {
    private final transient LedgerEvent event;

    public EventHandlingFailed(LedgerEvent event, Exception cause) {
        super(
                "handling event " + event.name() + " of transaction " + event.transactionId() + " in block "
                        + event.blockNumber() + " failed: " + cause.getMessage(),
                cause);
        this.event = event;
    }

    public LedgerEvent event() {
        return event;
    }
}
