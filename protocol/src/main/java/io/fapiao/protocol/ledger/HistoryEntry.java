package io.fapiao.protocol.ledger;

import tools.jackson.databind.JsonNode;

/**
 * One version of a key, from the ledger's key history, with the writer taken from the version's own
 * {@code written} field.
 *
 * <pre>{@code
 * List<HistoryEntry> versions = fapiaoLedger.history("bill:" + billKey).versions();
 * }</pre>
 *
 * @param txId      the transaction that wrote this version
 * @param timestamp the transaction timestamp, ISO-8601
 * @param isDelete  whether the transaction deleted the key
 * @param mspId     the writer's MSP ID, from the record (null for a deletion)
 * @param fingerprint the writer's certificate fingerprint, from the record (null for a deletion)
 * @param value     the record as written, or null for a deletion
 */
public record HistoryEntry(
        String txId, String timestamp, boolean isDelete, String mspId, String fingerprint, JsonNode value) {}
