package io.fapiao.ledger.client.events;

/**
 * A chaincode event of a committed, valid transaction, as the contract emitted it (see
 * docs/chaincode.md for the names and payloads).
 *
 * @param name     the event name, for example {@code BillSubmitted}
 * @param payload  the event's payload (canonical JSON for the fapiao contract)
 * @param position the block and transaction that emitted it
 */
public record LedgerEvent(String name, byte[] payload, EventPosition position) {

    public String transactionId() {
        return position.transactionId();
    }

    public long blockNumber() {
        return position.blockNumber();
    }
}
