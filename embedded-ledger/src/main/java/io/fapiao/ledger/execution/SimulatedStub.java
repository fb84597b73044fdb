package io.fapiao.ledger.execution;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The {@link ChaincodeStub} a contract sees when it runs inside the node: every ledger call goes to
 * a {@link Simulation}, so the contract behaves as under a Fabric peer. Private data, rich (CouchDB)
 * queries and chaincode-to-chaincode calls are not offered and fail with the message a peer without
 * them gives.
 *
 * <pre>{@code
 * SimulatedStub stub = new SimulatedStub(invocation, simulation);
 * Chaincode.Response response = runtime.invoke(stub);
 * ChaincodeEvent event = stub.chaincodeEvent();
 * }</pre>
 */
public final class SimulatedStub implements ChaincodeStub {

    private static final String UNSPECIFIED_START_KEY = new String(Character.toChars(0x000001));
    private static final String MAX_UNICODE_RUNE = "\udbff\udfff";

    private final Invocation invocation;
    private final Simulation simulation;
    private ChaincodeEvent event;

    public SimulatedStub(Invocation invocation, Simulation simulation) {
        this.invocation = invocation;
        this.simulation = simulation;
    }

    /** The event the contract set, completed with chaincode and tx id as the peer does; null if none. */
    public ChaincodeEvent chaincodeEvent() {
        if (event == null) {
            return null;
        }
        return event.toBuilder()
                .setChaincodeId(simulation.namespace())
                .setTxId(invocation.txId())
                .build();
    }

    @Override
    public List<byte[]> getArgs() {
        return invocation.args().stream().map(ByteString::toByteArray).toList();
    }

    @Override
    public List<String> getStringArgs() {
        return invocation.args().stream().map(ByteString::toStringUtf8).toList();
    }

    @Override
    public String getFunction() {
        List<String> args = getStringArgs();
        return args.isEmpty() ? null : args.getFirst();
    }

    @Override
    public List<String> getParameters() {
        List<String> args = getStringArgs();
        return args.isEmpty() ? List.of() : args.subList(1, args.size());
    }

    @Override
    public String getTxId() {
        return invocation.txId();
    }

    @Override
    public String getChannelId() {
        return invocation.channelId();
    }

    @Override
    public Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
        throw new SimulationFailed("chaincode-to-chaincode calls are not supported by the embedded ledger node");
    }

    @Override
    public byte[] getState(String key) {
        byte[] value = simulation.get(key);
        // The shim hands an empty array for a missing key.
        return value == null ? new byte[0] : value;
    }

    @Override
    public byte[] getStateValidationParameter(String key) {
        return null;
    }

    @Override
    public void putState(String key, byte[] value) {
        validateKey(key);
        Objects.requireNonNull(value, "value cannot be null");
        simulation.put(key, value);
    }

    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        throw new SimulationFailed("key-level endorsement policies are not supported by the embedded ledger node");
    }

    @Override
    public void delState(String key) {
        simulation.delete(key);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        String start = startKey == null || startKey.isEmpty() ? UNSPECIFIED_START_KEY : startKey;
        String end = endKey == null ? "" : endKey;
        CompositeKey.validateSimpleKeys(start, end);
        return results(simulation.range(start, end, 0, ""));
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
            String startKey, String endKey, int pageSize, String bookmark) {
        String start = startKey == null || startKey.isEmpty() ? UNSPECIFIED_START_KEY : startKey;
        String end = endKey == null ? "" : endKey;
        CompositeKey.validateSimpleKeys(start, end);
        return paged(simulation.range(start, end, pageSize, bookmark));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        CompositeKey key = compositeKey.startsWith(CompositeKey.NAMESPACE)
                ? CompositeKey.parseCompositeKey(compositeKey)
                : new CompositeKey(compositeKey);
        return getStateByPartialCompositeKey(key);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        String prefix = prefixOf(compositeKey);
        return results(simulation.range(prefix, prefix + MAX_UNICODE_RUNE, 0, ""));
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey compositeKey, int pageSize, String bookmark) {
        String prefix = prefixOf(compositeKey);
        return paged(simulation.range(prefix, prefix + MAX_UNICODE_RUNE, pageSize, bookmark));
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
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        throw new SimulationFailed("ExecuteQuery not supported for leveldb");
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(
            String query, int pageSize, String bookmark) {
        throw new SimulationFailed("ExecuteQuery not supported for leveldb");
    }

    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        List<KeyModification> list = new ArrayList<>();
        for (org.hyperledger.fabric.protos.ledger.queryresult.KeyModification m : simulation.history(key)) {
            list.add(new Modification(
                    m.getTxId(),
                    m.getValue().toByteArray(),
                    Instant.ofEpochSecond(
                            m.getTimestamp().getSeconds(), m.getTimestamp().getNanos()),
                    m.getIsDelete()));
        }
        return new ListIterator<>(list);
    }

    @Override
    public byte[] getPrivateData(String collection, String key) {
        throw noCollections();
    }

    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        throw noCollections();
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        throw noCollections();
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        throw noCollections();
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        throw noCollections();
    }

    @Override
    public void delPrivateData(String collection, String key) {
        throw noCollections();
    }

    @Override
    public void purgePrivateData(String collection, String key) {
        throw noCollections();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        throw noCollections();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String compositeKey) {
        throw noCollections();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
            String collection, CompositeKey compositeKey) {
        throw noCollections();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
            String collection, String objectType, String... attributes) {
        throw noCollections();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        throw noCollections();
    }

    @Override
    public void setEvent(String name, byte[] payload) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("event name can not be nil string");
        }
        ChaincodeEvent.Builder e = ChaincodeEvent.newBuilder().setEventName(name);
        if (payload != null) {
            e.setPayload(ByteString.copyFrom(payload));
        }
        event = e.build();
    }

    @Override
    public ChaincodeEvent getEvent() {
        return event;
    }

    @Override
    public SignedProposal getSignedProposal() {
        return invocation.signedProposal();
    }

    @Override
    public Instant getTxTimestamp() {
        return invocation.timestamp();
    }

    @Override
    public byte[] getCreator() {
        return invocation.creator().toByteArray();
    }

    @Override
    public Map<String, byte[]> getTransient() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        invocation.transientMap().forEach((k, v) -> copy.put(k, v.toByteArray()));
        return copy;
    }

    @Override
    public byte[] getBinding() {
        return invocation.binding().clone();
    }

    @Override
    public String getMspId() {
        return invocation.peerMspId();
    }

    private SimulationFailed noCollections() {
        return new SimulationFailed("collection config not defined for chaincode [" + simulation.namespace()
                + "], pass the collection configuration upon chaincode definition/instantiation");
    }

    private static void validateKey(String key) {
        Objects.requireNonNull(key, "key cannot be null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key cannot not be an empty string");
        }
    }

    private static String prefixOf(CompositeKey key) {
        return key == null ? new CompositeKey(UNSPECIFIED_START_KEY).toString() : key.toString();
    }

    private static QueryResultsIterator<KeyValue> results(Simulation.Page page) {
        return new ListIterator<>(entries(page));
    }

    private static QueryResultsIteratorWithMetadata<KeyValue> paged(Simulation.Page page) {
        List<KeyValue> entries = entries(page);
        QueryResponseMetadata metadata = QueryResponseMetadata.newBuilder()
                .setFetchedRecordsCount(entries.size())
                .setBookmark(page.bookmark())
                .build();
        return new PagedIterator(entries, metadata);
    }

    private static List<KeyValue> entries(Simulation.Page page) {
        return page.entries().stream()
                .<KeyValue>map(e -> new Pair(e.key(), e.value()))
                .toList();
    }

    private record Pair(String getKey, byte[] getValue) implements KeyValue {
        @Override
        public String getStringValue() {
            return new String(getValue, UTF_8);
        }
    }

    private record Modification(String getTxId, byte[] getValue, Instant getTimestamp, boolean isDeleted)
            implements KeyModification {
        @Override
        public String getStringValue() {
            return new String(getValue, UTF_8);
        }
    }

    private static class ListIterator<T> implements QueryResultsIterator<T> {
        private final List<T> items;

        ListIterator(List<T> items) {
            this.items = items;
        }

        @Override
        public Iterator<T> iterator() {
            return items.iterator();
        }

        @Override
        public void close() {
            // results are materialised; nothing to release
        }
    }

    private static final class PagedIterator extends ListIterator<KeyValue>
            implements QueryResultsIteratorWithMetadata<KeyValue> {
        private final QueryResponseMetadata metadata;

        PagedIterator(List<KeyValue> items, QueryResponseMetadata metadata) {
            super(items);
            this.metadata = metadata;
        }

        @Override
        public QueryResponseMetadata getMetadata() {
            return metadata;
        }
    }
}
