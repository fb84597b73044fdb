package io.fapiao.ledger.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often, and after how long, a transient ledger failure is tried again: exponential backoff with
 * full jitter, so that many clients that lost the same node do not come back in step.
 *
 * <pre>{@code
 * RetryPolicy retry = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5));
 * }</pre>
 *
 * @param maxAttempts    attempts in all, the first included; 1 means never retry
 * @param initialBackoff the longest wait before the second attempt
 * @param maxBackoff     the cap on any wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Five attempts, waits of up to 100 ms, 200 ms, 400 ms, 800 ms. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5));

    /** One attempt: every failure reaches the caller at once. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
    Duration backoffAfter(int attempt) {
        long ceiling = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(ceiling, maxBackoff.toMillis());
        return Duration.ofMillis(capped == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped + 1));
    }
}
