package io.fapiao.chaincode;

import io.fapiao.protocol.ledger.Provenance;
import java.util.Map;
import java.util.TreeMap;

/**
 * The payload of a chaincode event: the record reference ({@code key}, the form GetHistory takes),
 * the record's new state, the transaction id and time, and whatever a consumer needs to act without
 * another round trip. Written as canonical JSON.
 *
 * <pre>{@code
 * ledger.emit("BillSubmitted", Event.of("bill:" + billKey, "SUBMITTED", written).with("billKey", billKey));
 * }</pre>
 *
 * @param fields the members, sorted
 */
public record Event(Map<String, Object> fields) {
    public Event {
        fields = java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    public static Event of(String key, String state, Provenance written) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("key", key);
        fields.put("state", state);
        fields.put("txId", written.txId());
        fields.put("at", written.at());
        return new Event(fields);
    }

    public Event with(String name, Object value) {
        Map<String, Object> more = new TreeMap<>(fields);
        more.put(name, value);
        return new Event(more);
    }

    /** Jackson writes the members, not a wrapper. */
    @com.fasterxml.jackson.annotation.JsonValue
    public Map<String, Object> json() {
        return fields;
    }
}
