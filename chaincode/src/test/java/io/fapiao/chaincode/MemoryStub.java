package io.fapiao.chaincode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * One transaction's view of a {@link MemoryLedger}, implementing the parts of {@link ChaincodeStub}
 * the contract uses; the rest (private data, chaincode-to-chaincode calls, rich queries) refuses.
 */
final class MemoryStub implements ChaincodeStub {
    /** Fabric's range end for partial composite keys: the largest Unicode code point. */
    private static final String MAX_UNICODE_RUNE = new String(Character.toChars(Character.MAX_CODE_POINT));

    record Version(String txId, Instant timestamp, byte[] value) {}

    private final MemoryLedger ledger;
    private final String txId;
    private final Instant timestamp;
    private final byte[] creator;
    private final List<byte[]> args;
    private final Map<String, byte[]> writes = new LinkedHashMap<>();
    private String eventName;
    private byte[] eventPayload;

    MemoryStub(MemoryLedger ledger, String txId, Instant timestamp, byte[] creator, List<byte[]> args) {
        this.ledger = ledger;
        this.txId = txId;
        this.timestamp = timestamp;
        this.creator = creator;
        this.args = List.copyOf(args);
    }

    Map<String, byte[]> writes() {
        return writes;
    }

    String eventName() {
        return eventName;
    }

    byte[] eventPayload() {
        return eventPayload;
    }

    @Override
    public List<byte[]> getArgs() {
        return args;
    }

    @Override
    public List<String> getStringArgs() {
        return args.stream().map(a -> new String(a, StandardCharsets.UTF_8)).toList();
    }

    @Override
    public String getFunction() {
        return getStringArgs().isEmpty() ? null : getStringArgs().get(0);
    }

    @Override
    public List<String> getParameters() {
        return getStringArgs().stream().skip(1).toList();
    }

    @Override
    public String getTxId() {
        return txId;
    }

    @Override
    public String getChannelId() {
        return "fapiao";
    }

    @Override
    public byte[] getState(String key) {
        byte[] value = ledger.state.get(key);
        return value == null ? new byte[0] : value.clone();
    }

    @Override
    public void putState(String key, byte[] value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        writes.put(key, value.clone());
    }

    @Override
    public void delState(String key) {
        writes.put(key, null);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        return iterator(range(startKey, endKey));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        return getStateByPartialCompositeKey(CompositeKey.parseCompositeKey(compositeKey));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        String prefix = compositeKey.toString();
        return iterator(range(prefix, prefix + MAX_UNICODE_RUNE));
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey compositeKey, int pageSize, String bookmark) {
        String prefix = compositeKey.toString();
        String start = bookmark == null || bookmark.isEmpty() ? prefix : bookmark;
        List<KeyValue> all = range(start, prefix + MAX_UNICODE_RUNE);
        List<KeyValue> page = all.subList(0, Math.min(pageSize, all.size()));
        String next = all.size() > pageSize ? all.get(pageSize).getKey() : "";
        QueryResponseMetadata metadata = QueryResponseMetadata.newBuilder()
                .setFetchedRecordsCount(page.size())
                .setBookmark(next)
                .build();
        List<KeyValue> values = List.copyOf(page);
        return new QueryResultsIteratorWithMetadata<>() {
            @Override
            public QueryResponseMetadata getMetadata() {
                return metadata;
            }

            @Override
            public void close() {}

            @Override
            public Iterator<KeyValue> iterator() {
                return values.iterator();
            }
        };
    }

    private List<KeyValue> range(String startInclusive, String endExclusive) {
        SortedMap<String, byte[]> slice = ledger.state.subMap(startInclusive, endExclusive);
        List<KeyValue> values = new ArrayList<>();
        slice.forEach((key, value) -> values.add(new Entry(key, value.clone())));
        return values;
    }

    private static <T> QueryResultsIterator<T> iterator(List<T> values) {
        return new QueryResultsIterator<>() {
            @Override
            public void close() {}

            @Override
            public Iterator<T> iterator() {
                return values.iterator();
            }
        };
    }

    @Override
    public CompositeKey createCompositeKey(String objectType, String... attributes) {
        return new CompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(String compositeKey) {
        return CompositeKey.parseCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        List<KeyModification> modifications = new ArrayList<>();
        for (Version version : ledger.history.getOrDefault(key, List.of())) {
            modifications.add(new Modification(version));
        }
        // As a Fabric 2.x peer does: newest first, by block and transaction height (FAB-16303).
        java.util.Collections.reverse(modifications);
        return iterator(modifications);
    }

    @Override
    public void setEvent(String name, byte[] payload) {
        eventName = name;
        eventPayload = payload == null ? null : payload.clone();
    }

    @Override
    public ChaincodeEvent getEvent() {
        return eventName == null
                ? null
                : ChaincodeEvent.newBuilder()
                        .setEventName(eventName)
                        .setPayload(com.google.protobuf.ByteString.copyFrom(eventPayload))
                        .setTxId(txId)
                        .build();
    }

    @Override
    public Instant getTxTimestamp() {
        return timestamp;
    }

    @Override
    public byte[] getCreator() {
        return creator.clone();
    }

    @Override
    public Map<String, byte[]> getTransient() {
        return Map.of();
    }

    @Override
    public byte[] getBinding() {
        return new byte[0];
    }

    @Override
    public String getMspId() {
        return "PeerOrgMSP";
    }

    @Override
    public SignedProposal getSignedProposal() {
        throw unsupported();
    }

    private record Entry(String getKey, byte[] getValue) implements KeyValue {
        @Override
        public String getStringValue() {
            return new String(getValue, StandardCharsets.UTF_8);
        }
    }

    private record Modification(Version version) implements KeyModification {
        @Override
        public String getTxId() {
            return version.txId();
        }

        @Override
        public byte[] getValue() {
            return version.value() == null ? new byte[0] : version.value().clone();
        }

        @Override
        public String getStringValue() {
            return new String(getValue(), StandardCharsets.UTF_8);
        }

        @Override
        public Instant getTimestamp() {
            return version.timestamp();
        }

        @Override
        public boolean isDeleted() {
            return version.value() == null;
        }
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not offered by the in-memory stub");
    }

    @Override
    public Chaincode.Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
        throw unsupported();
    }

    @Override
    public byte[] getStateValidationParameter(String key) {
        throw unsupported();
    }

    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        throw unsupported();
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
            String startKey, String endKey, int pageSize, String bookmark) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        throw unsupported();
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(
            String query, int pageSize, String bookmark) {
        throw unsupported();
    }

    @Override
    public byte[] getPrivateData(String collection, String key) {
        throw unsupported();
    }

    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        throw unsupported();
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        throw unsupported();
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        throw unsupported();
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        throw unsupported();
    }

    @Override
    public void delPrivateData(String collection, String key) {
        throw unsupported();
    }

    @Override
    public void purgePrivateData(String collection, String key) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String compositeKey) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
            String collection, CompositeKey compositeKey) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
            String collection, String objectType, String... attributes) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        throw unsupported();
    }
}
