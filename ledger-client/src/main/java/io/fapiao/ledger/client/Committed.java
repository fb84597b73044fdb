package io.fapiao.ledger.client;

/**
 * A transaction that committed valid: what the contract returned, the transaction's id and the block
 * that holds it.
 */
public record Committed(byte[] result, String transactionId, long blockNumber) {}
