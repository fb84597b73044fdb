package io.fapiao.proof.fabric;

/**
 * Bytes that should be a Fabric block, transaction, identity or channel configuration and are not:
 * they do not parse, carry fields Fabric does not define, or do not re-encode to themselves. The
 * message says what and where.
 *
 * <pre>{@code
 * try {
 *     FabricBlock block = FabricBlock.parse(bytes);
 * } catch (MalformedLedgerData e) {
 *     report("block does not parse: " + e.getMessage());
 * }
 * }</pre>
 */
public final class MalformedLedgerData extends Exception {

    public MalformedLedgerData(String message) {
        super(message);
    }

    public MalformedLedgerData(String message, Throwable cause) {
        super(message, cause);
    }
}
