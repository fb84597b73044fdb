package io.fapiao.ledger.ordering;

import java.time.Duration;

/**
 * When the orderer cuts a block, with Fabric's {@code BatchSize}/{@code BatchTimeout} meaning: at
 * {@code maxMessageCount} envelopes, before the batch would pass {@code preferredMaxBytes} (an
 * envelope larger than that gets a block of its own), or {@code batchTimeout} after the first
 * envelope of a batch arrived. Envelopes over {@code absoluteMaxBytes} are refused at submit.
 *
 * <pre>{@code
 * BlockCutting cutting = new BlockCutting(500, 2 * 1024 * 1024, 10 * 1024 * 1024, Duration.ofMillis(20));
 * }</pre>
 */
public record BlockCutting(int maxMessageCount, int preferredMaxBytes, int absoluteMaxBytes, Duration batchTimeout) {

    public BlockCutting {
        if (maxMessageCount < 1) {
            throw new IllegalArgumentException("maxMessageCount must be at least 1");
        }
        if (preferredMaxBytes < 1 || absoluteMaxBytes < preferredMaxBytes) {
            throw new IllegalArgumentException("need 0 < preferredMaxBytes <= absoluteMaxBytes");
        }
        if (batchTimeout.isNegative() || batchTimeout.isZero()) {
            throw new IllegalArgumentException("batchTimeout must be positive");
        }
    }

    public static BlockCutting defaults() {
        return new BlockCutting(500, 2 * 1024 * 1024, 10 * 1024 * 1024, Duration.ofMillis(20));
    }
}
