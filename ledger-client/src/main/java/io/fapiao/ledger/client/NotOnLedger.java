package io.fapiao.ledger.client;

/**
 * The ledger has no such block or transaction: a block number at or past the height, or a
 * transaction id that no block holds (never submitted, or not yet committed). Not retried.
 *
 * <pre>{@code
 * try {
 *     Block block = blocks.block(42);
 * } catch (NotOnLedger e) {
 *     // e.getMessage(): "no such block number [42] in index"
 * }
 * }</pre>
 */
public final class NotOnLedger extends LedgerException {

    NotOnLedger(Step step, String message, Throwable cause) {
        super(step, null, message, cause);
    }
}
