package io.fapiao.ledger.testcontract;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/** A contract that exercises every stub call the node implements; invoked as {@code ledgertest:Fn}. */
@Contract(name = "ledgertest")
public final class LedgerTestContract implements ContractInterface {

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void Put(Context ctx, String key, String value) {
        ctx.getStub().putStringState(key, value);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String Get(Context ctx, String key) {
        return ctx.getStub().getStringState(key);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void Delete(Context ctx, String key) {
        ctx.getStub().delState(key);
    }

    /** Reads then writes a counter: two of these endorsed concurrently conflict. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String Increment(Context ctx, String key) {
        String current = ctx.getStub().getStringState(key);
        int next = current.isEmpty() ? 1 : Integer.parseInt(current) + 1;
        ctx.getStub().putStringState(key, Integer.toString(next));
        return Integer.toString(next);
    }

    /**
     * Reads a key {@code times} times from one snapshot, pausing between reads; the pause ignores
     * interrupts, like a long computation or blocking I/O, so a stopping node cannot cut it short.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String SlowReads(Context ctx, String key, int times, int pauseMillis) {
        String last = "";
        boolean interrupted = false;
        for (int i = 0; i < times; i++) {
            last = ctx.getStub().getStringState(key);
            long until = System.nanoTime() + pauseMillis * 1_000_000L;
            for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(left);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return last;
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String Range(Context ctx, String start, String end) {
        List<String> out = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it = ctx.getStub().getStateByRange(start, end)) {
            it.forEach(kv -> out.add(kv.getKey() + "=" + kv.getStringValue()));
        }
        return String.join(";", out);
    }

    /** Puts under a composite key and then counts keys of that type, all in one transaction. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void PutComposite(Context ctx, String type, String attribute, String value) {
        ChaincodeStub stub = ctx.getStub();
        stub.putStringState(stub.createCompositeKey(type, attribute).toString(), value);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String ByType(Context ctx, String type) {
        List<String> out = new ArrayList<>();
        ChaincodeStub stub = ctx.getStub();
        try (QueryResultsIterator<KeyValue> it = stub.getStateByPartialCompositeKey(type)) {
            it.forEach(kv -> out.add(
                    stub.splitCompositeKey(kv.getKey()).getAttributes().getFirst() + "=" + kv.getStringValue()));
        }
        return String.join(";", out);
    }

    /** One page of a range: "k1,k2|bookmark". */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String Page(Context ctx, String start, String end, int pageSize, String bookmark) {
        List<String> keys = new ArrayList<>();
        QueryResultsIteratorWithMetadata<KeyValue> it =
                ctx.getStub().getStateByRangeWithPagination(start, end, pageSize, bookmark);
        it.forEach(kv -> keys.add(kv.getKey()));
        return String.join(",", keys) + "|" + it.getMetadata().getBookmark() + "|"
                + it.getMetadata().getFetchedRecordsCount();
    }

    /** Counts keys in a range and writes the count: a phantom inserted meanwhile invalidates it. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String CountInto(Context ctx, String start, String end, String target) {
        int n = 0;
        try (QueryResultsIterator<KeyValue> it = ctx.getStub().getStateByRange(start, end)) {
            for (KeyValue ignored : it) {
                n++;
            }
        }
        ctx.getStub().putStringState(target, Integer.toString(n));
        return Integer.toString(n);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String History(Context ctx, String key) {
        List<String> out = new ArrayList<>();
        try (QueryResultsIterator<KeyModification> it = ctx.getStub().getHistoryForKey(key)) {
            it.forEach(m -> out.add(m.getTxId() + ":" + (m.isDeleted() ? "<deleted>" : m.getStringValue())));
        }
        return String.join(";", out);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void Event(Context ctx, String name, String payload) {
        ctx.getStub().putStringState("event:" + ctx.getStub().getTxId(), payload);
        ctx.getStub().setEvent(name, payload.getBytes(UTF_8));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void Fail(Context ctx, String code, String message) {
        throw new ChaincodeException(code + ": " + message, code);
    }

    /** What the contract knows about its caller and transaction. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String Whoami(Context ctx) {
        ChaincodeStub stub = ctx.getStub();
        byte[] secret = stub.getTransient().get("secret");
        return ctx.getClientIdentity().getMSPID() + "|" + stub.getChannelId() + "|" + stub.getTxId() + "|"
                + stub.getTxTimestamp().getEpochSecond() + "|" + (secret == null ? "" : new String(secret, UTF_8))
                + "|" + stub.getMspId() + "|" + (stub.getCreator().length > 0) + "|" + stub.getBinding().length;
    }
}
