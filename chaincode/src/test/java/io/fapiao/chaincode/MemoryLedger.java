package io.fapiao.chaincode;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.Chaincode;

/**
 * A world state, key history and event log in memory, committed the way a peer commits: a transaction's
 * writes land only when the contract answered with status 200, reads never see the same transaction's
 * writes, and each committed transaction appends one version per written key to that key's history.
 * The clock is the fixture's: each transaction's timestamp is the previous one plus a second unless a
 * test sets it.
 */
final class MemoryLedger {
    final TreeMap<String, byte[]> state = new TreeMap<>();
    final Map<String, List<MemoryStub.Version>> history = new HashMap<>();
    final List<Committed> committed = new ArrayList<>();
    private Instant clock = Instant.parse("2026-03-01T08:00:00Z");
    private int transactions;

    /** What one transaction did. */
    record Committed(
            String txId,
            String function,
            Chaincode.Response response,
            String eventName,
            byte[] eventPayload,
            Map<String, byte[]> writes) {}

    /** An independent ledger with the same state, history and clock, as another peer would hold. */
    MemoryLedger copy() {
        MemoryLedger copy = new MemoryLedger();
        copy.state.putAll(state);
        history.forEach((key, versions) -> copy.history.put(key, new ArrayList<>(versions)));
        copy.clock = clock;
        copy.transactions = transactions;
        return copy;
    }

    void setClock(Instant instant) {
        clock = instant;
    }

    Instant clock() {
        return clock;
    }

    void advance(Duration duration) {
        clock = clock.plus(duration);
    }

    /** Runs one transaction through the router as a peer would, committing it if it succeeded. */
    Committed invoke(ContractRouter router, String mspId, String certificatePem, String function, String... args) {
        transactions++;
        clock = clock.plusSeconds(1);
        String txId = String.format("tx%06d", transactions);
        byte[] creator = SerializedIdentity.newBuilder()
                .setMspid(mspId)
                .setIdBytes(ByteString.copyFrom(certificatePem, StandardCharsets.UTF_8))
                .build()
                .toByteArray();
        List<byte[]> arguments = new ArrayList<>();
        arguments.add(function.getBytes(StandardCharsets.UTF_8));
        for (String arg : args) {
            arguments.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        MemoryStub stub = new MemoryStub(this, txId, clock, creator, arguments);
        Chaincode.Response response = router.invoke(stub);
        Map<String, byte[]> writes = new LinkedHashMap<>(stub.writes());
        if (response.getStatusCode() == 200) {
            writes.forEach((key, value) -> {
                if (value == null) {
                    state.remove(key);
                } else {
                    state.put(key, value);
                }
                history.computeIfAbsent(key, k -> new ArrayList<>()).add(new MemoryStub.Version(txId, clock, value));
            });
        } else {
            writes.clear();
        }
        Committed result = new Committed(
                txId,
                function,
                response,
                response.getStatusCode() == 200 ? stub.eventName() : null,
                response.getStatusCode() == 200 ? stub.eventPayload() : null,
                writes);
        committed.add(result);
        return result;
    }

    NavigableMap<String, byte[]> snapshot() {
        return new TreeMap<>(state);
    }
}
