package io.fapiao.proof.fabric;

/**
 * Fabric's composite keys as the shim builds them: {@code U+0000 type U+0000 part U+0000 ...}. The
 * verifier derives the key a step must have written from the record it claims, and looks for it in
 * the transaction's write set.
 *
 * <pre>{@code
 * String key = CompositeKey.of("fapiao.bill", "91110000MA01ABCD2X", "MZ0001");
 * }</pre>
 */
public final class CompositeKey {

    private CompositeKey() {}

    public static String of(String objectType, String... parts) {
        StringBuilder key =
                new StringBuilder().append('\u0000').append(objectType).append('\u0000');
        for (String part : parts) {
            key.append(part).append('\u0000');
        }
        return key.toString();
    }
}
