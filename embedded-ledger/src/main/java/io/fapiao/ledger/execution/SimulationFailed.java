package io.fapiao.ledger.execution;

/**
 * A ledger call the simulator refuses (a write after a paginated query, an unsupported API). Thrown
 * into the contract like the shim's own errors, so the contract sees the message Fabric's peer sends.
 */
final class SimulationFailed extends RuntimeException {

    public SimulationFailed(String message) {
        super(message);
    }
}
