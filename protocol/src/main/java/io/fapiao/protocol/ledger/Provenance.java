package io.fapiao.protocol.ledger;

/**
 * Who wrote a record and when: stored inside every record at every write, because Fabric's key
 * history gives a version's transaction id and timestamp but not its creator.
 *
 * <pre>{@code
 * Provenance written = ledger.provenance(caller.mspId(), caller.fingerprint());
 * }</pre>
 *
 * @param txId        the writing transaction's id
 * @param at          the transaction timestamp (ISO-8601 instant) the client put in the proposal
 * @param mspId       the creator's MSP ID
 * @param fingerprint base64url (unpadded) SHA-256 of the creator's DER certificate
 */
public record Provenance(String txId, String at, String mspId, String fingerprint) {}
