package io.fapiao.ledger.client;

import java.time.Duration;

/**
 * How often, and after how long, a transient ledger failure is tried again: the project's
 * {@link Backoff} (doubling, capped, with equal jitter so that many clients that lost the same node
 * do not come back in step), for at most {@code maxAttempts} attempts.
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

    /** Five attempts, waits of 50..100 ms, 100..200 ms, 200..400 ms, 400..800 ms. */
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

    /** The waits between attempts. */
    public Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff);
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
    Duration backoffAfter(int attempt) {
        return backoff().after(attempt);
    }
}
