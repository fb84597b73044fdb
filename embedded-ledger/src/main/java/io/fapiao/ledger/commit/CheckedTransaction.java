package io.fapiao.ledger.commit;

import com.google.protobuf.Timestamp;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * One envelope of a block after the checks that need no ledger state (structure, signatures, tx id,
 * endorsement). {@code code} is {@code VALID} if those passed; the ledger-dependent checks (duplicate
 * tx id, MVCC) come after, in block order.
 *
 * <pre>{@code
 * CheckedTransaction tx = validator.check(envelopeBytes);
 * if (tx.code() == TxValidationCode.VALID) { ... tx.rwset() ... }
 * }</pre>
 */
public record CheckedTransaction(
        TxValidationCode code,
        String txId,
        Timestamp timestamp,
        String namespace,
        KVRWSet rwset,
        ChaincodeEvent event,
        boolean config) {

    static CheckedTransaction invalid(TxValidationCode code, String txId) {
        return new CheckedTransaction(
                code, txId, Timestamp.getDefaultInstance(), "", KVRWSet.getDefaultInstance(), null, false);
    }

    CheckedTransaction withCode(TxValidationCode newCode) {
        return new CheckedTransaction(newCode, txId, timestamp, namespace, rwset, event, config);
    }
}
