package io.fapiao.ledger.state;

/**
 * A key's committed value and the height of the transaction that wrote it.
 *
 * <pre>{@code
 * VersionedValue v = view.get("fapiao", "bill~1").orElseThrow();
 * byte[] bytes = v.value();
 * }</pre>
 */
public record VersionedValue(byte[] value, Height height) {}
