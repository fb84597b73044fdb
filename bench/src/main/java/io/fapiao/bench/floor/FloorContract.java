package io.fapiao.bench.floor;

import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The engine's floor for the ledger bench: a transaction that does nothing but one {@code putState} of
 * the small value it is given, under a key of its own transaction id (so no two transactions touch the
 * same key and none reads anything). It goes through the same contract API router, argument
 * conversion and client-identity parsing as the Fapiao contract, so that SubmitBill ÷ PutState is
 * the share of the engine's rate that the contract's own work leaves.
 *
 * <p><b>Benchmarks only, never in the production contract.</b> Anyone may call it and write what they
 * like. It lives in the bench module, so it reaches a ledger only where the bench puts it: the embedded
 * node that the bench runs inside its own JVM (the contract router finds every {@code @Contract} on
 * the class path, so there it sits beside the Fapiao contract as {@code floor:PutState}) and, on
 * Fabric, a chaincode of its own ({@code floor}, its own package and chaincode service JVM, built as
 * {@code bench/target/fapiao-floor-chaincode.jar}) that {@code bench/floor-chaincode.sh} installs,
 * approves and commits on the bench's network. Neither {@code fapiao-ledger.jar} nor
 * {@code fapiao-chaincode.jar} contains it. docs/benchmarks.md says why it is done this way.
 *
 * <pre>{@code
 * ledger.submit(FloorContract.PUT_STATE, "0123456789abcdef");   // one put, nothing read
 * }</pre>
 */
@Contract(name = FloorContract.NAME, info = @Info(title = "Bare put-state floor (benchmarks only)", version = "1"))
public final class FloorContract implements ContractInterface {

    /** The contract's name in the router's namespace. */
    public static final String NAME = "floor";

    /** The function as a gateway client names it. */
    public static final String PUT_STATE = NAME + ":PutState";

    /** Prefix of the keys written; the rest is the transaction id. */
    public static final String KEY_PREFIX = "floor~";

    /** Writes {@code value} under {@code floor~<transaction id>}; reads nothing, emits nothing. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void PutState(Context ctx, String value) {
        ChaincodeStub stub = ctx.getStub();
        stub.putState(KEY_PREFIX + stub.getTxId(), value.getBytes(StandardCharsets.UTF_8));
    }
}
