package io.fapiao.ledger.state;

/**
 * A read or write reached the {@link StateStore} after it was closed: the ledger node is stopping.
 * Unchecked because it can surface inside contract code (through the simulated stub) and iterators;
 * the gRPC layer turns it into {@code UNAVAILABLE}.
 *
 * <pre>{@code
 * try {
 *     state.get("fapiao", "k");
 * } catch (StateStoreClosed e) {
 *     // answer UNAVAILABLE: retry on a running node
 * }
 * }</pre>
 */
public final class StateStoreClosed extends IllegalStateException {

    public StateStoreClosed() {
        super("the state store is closed because the ledger node is stopping; retry against a running node");
    }
}
