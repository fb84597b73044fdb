package io.fapiao.chaincode.ledger;

import io.fapiao.chaincode.ChaincodeError;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.HistoryEntry;
import io.fapiao.protocol.ledger.Provenance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;
import tools.jackson.databind.JsonNode;

/**
 * The contract's view of the world state for one transaction: records in and out as canonical JSON
 * (RFC 8785), so that every endorser writes identical bytes; time is the transaction timestamp, never
 * the clock; scans come back in key order.
 *
 * <p>Like Fabric itself, a read never sees this transaction's own writes; the contract is written
 * so that it never needs to.
 *
 * <pre>{@code
 * Ledger ledger = new Ledger(ctx.getStub());
 * Optional<BillRecord> bill = ledger.read(Keys.bill(uscc, id), BillRecord.class);
 * ledger.write(Keys.bill(uscc, id), updated);
 * ledger.emit("BillVerified", event);
 * }</pre>
 */
public final class Ledger {
    private final ChaincodeStub stub;

    public Ledger(ChaincodeStub stub) {
        this.stub = stub;
    }

    public String txId() {
        return stub.getTxId();
    }

    /** The transaction timestamp from the proposal: the same on every endorser. */
    public Instant now() {
        Instant timestamp = stub.getTxTimestamp();
        if (timestamp == null) {
            throw ChaincodeError.MALFORMED.exception("the proposal carries no transaction timestamp");
        }
        return timestamp;
    }

    /** The provenance stamp a record written now by this creator carries. */
    public Provenance provenance(String mspId, String fingerprint) {
        return new Provenance(txId(), now().toString(), mspId, fingerprint);
    }

    public Optional<byte[]> readBytes(String key) {
        byte[] value = stub.getState(key);
        return value == null || value.length == 0 ? Optional.empty() : Optional.of(value);
    }

    public <T> Optional<T> read(String key, Class<T> type) {
        return readBytes(key).map(bytes -> parse(bytes, type));
    }

    public boolean exists(String key) {
        return readBytes(key).isPresent();
    }

    public void write(String key, Object record) {
        stub.putState(key, CanonicalJson.encode(record));
    }

    public void writeBytes(String key, byte[] value) {
        stub.putState(key, value);
    }

    public void delete(String key) {
        stub.delState(key);
    }

    /** Sets this transaction's one chaincode event; the payload is canonical JSON. */
    public void emit(String name, Object payload) {
        stub.setEvent(name, CanonicalJson.encode(payload));
    }

    /** Every value under a partial composite key, in key order. */
    public List<KeyValue> scan(String objectType, String... parts) {
        List<KeyValue> values = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> results =
                stub.getStateByPartialCompositeKey(new CompositeKey(objectType, parts))) {
            results.forEach(values::add);
        } catch (Exception e) {
            throw new IllegalStateException("scan of " + objectType + " failed", e);
        }
        return values;
    }

    /** One page under a partial composite key; only allowed in evaluated (read-only) transactions. */
    public Page page(String objectType, int pageSize, String bookmark, String... parts) {
        List<byte[]> values = new ArrayList<>();
        String next;
        try (QueryResultsIteratorWithMetadata<KeyValue> results = stub.getStateByPartialCompositeKeyWithPagination(
                new CompositeKey(objectType, parts), pageSize, bookmark)) {
            results.forEach(kv -> values.add(kv.getValue()));
            QueryResponseMetadata metadata = results.getMetadata();
            next = metadata == null ? "" : metadata.getBookmark();
        } catch (Exception e) {
            throw new IllegalStateException("paginated scan of " + objectType + " failed", e);
        }
        // Fabric hands back a bookmark even after the last page; an empty page says there is no more.
        return new Page(values, values.size() < pageSize ? "" : next);
    }

    /** Every version of a key, oldest first as the ledger returns them. */
    public List<HistoryEntry> history(String key) {
        List<HistoryEntry> entries = new ArrayList<>();
        try (QueryResultsIterator<KeyModification> results = stub.getHistoryForKey(key)) {
            for (KeyModification modification : results) {
                JsonNode value = null;
                String mspId = null;
                String fingerprint = null;
                byte[] bytes = modification.getValue();
                if (!modification.isDeleted() && bytes != null && bytes.length > 0) {
                    value = parse(bytes, JsonNode.class);
                    JsonNode written = value.get("written");
                    if (written != null && written.isObject()) {
                        mspId = text(written, "mspId");
                        fingerprint = text(written, "fingerprint");
                    }
                }
                Instant timestamp = modification.getTimestamp();
                entries.add(new HistoryEntry(
                        modification.getTxId(),
                        timestamp == null ? null : timestamp.toString(),
                        modification.isDeleted(),
                        mspId,
                        fingerprint,
                        value));
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("history of a key could not be read", e);
        }
        // Fabric 2.x returns a key's history newest first (FAB-16303); GetHistory promises oldest first.
        java.util.Collections.reverse(entries);
        return entries;
    }

    /** Reads a record this contract wrote; anything else in its keys means the state is damaged. */
    public static <T> T parse(byte[] bytes, Class<T> type) {
        try {
            return type == JsonNode.class ? type.cast(Json.readTree(bytes)) : Json.read(bytes, type);
        } catch (ProtocolException e) {
            throw new IllegalStateException(
                    "a stored " + type.getSimpleName() + " does not parse: "
                            + e.getMessage() + " ("
                            + new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.UTF_8)
                            + ")",
                    e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isString() ? null : value.stringValue();
    }
}
