package io.fapiao.ledger.state;

import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Where a transaction id was committed and with which validation code. Only the first transaction with
 * a given id is indexed; later ones are duplicates.
 *
 * <pre>{@code
 * Optional<TxLocation> at = state.transaction(txId);
 * }</pre>
 */
public record TxLocation(long blockNumber, int txNumber, TxValidationCode code) {}
