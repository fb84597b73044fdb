package io.fapiao.ledger.client;

/**
 * A contract result that is on the ledger: the record the contract returned, the id of the
 * transaction that wrote it and the block that holds it. An idempotent repeat (the same sealed bill
 * again, the same verdict again) is also {@code Recorded}: its value is the existing record, its
 * transaction id the repeat's own (which wrote nothing).
 *
 * <pre>{@code
 * Recorded<BillRecord> submitted = fapiao.submitBill(sealed);
 * log.info("bill {} in block {} (tx {})", submitted.value().billKey(), submitted.blockNumber(),
 *         submitted.transactionId());
 * }</pre>
 *
 * @param value         what the contract returned
 * @param transactionId the committed transaction's id
 * @param blockNumber   the block that holds it
 * @param <T>           the record type
 */
public record Recorded<T>(T value, String transactionId, long blockNumber) {}
