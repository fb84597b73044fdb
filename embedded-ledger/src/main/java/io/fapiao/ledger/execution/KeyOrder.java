package io.fapiao.ledger.execution;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Fabric orders keys by their UTF-8 bytes (Go string order), not by Java's UTF-16 order. */
public final class KeyOrder {

    public static final Comparator<String> UTF8 =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private KeyOrder() {}
}
