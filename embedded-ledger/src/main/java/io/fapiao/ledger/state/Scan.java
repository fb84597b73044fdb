package io.fapiao.ledger.state;

import java.util.Iterator;

/**
 * An iterator over the state database that holds a native cursor; close it when stopping early.
 *
 * <pre>{@code
 * try (Scan<Map.Entry<String, VersionedValue>> scan = view.range("fapiao", "a", "b")) {
 *     while (scan.hasNext()) { ... }
 * }
 * }</pre>
 */
public interface Scan<T> extends Iterator<T>, AutoCloseable {

    @Override
    void close();
}
