package io.fapiao.ledger.client;

import java.util.concurrent.atomic.AtomicInteger;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * A contract that counts how often the node ran it: the embedded node runs contracts in this JVM,
 * so the count says how many attempts the client made. Invoked as {@code clienttest:Refuse}.
 */
@Contract(name = "clienttest")
public final class CountingContract implements ContractInterface {

    static final AtomicInteger REFUSALS = new AtomicInteger();

    /** Refuses every time, as the real contract refuses a conflicting bill. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void Refuse(Context ctx, String code, String reason) {
        REFUSALS.incrementAndGet();
        throw new ChaincodeException(code + ": " + reason, code);
    }
}
