package io.fapiao.ledger.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The one backoff of the project: how long to wait after the {@code n}-th consecutive failure before
 * trying again. The ceiling doubles from {@code initial} up to {@code max}; the wait is drawn with
 * "equal jitter", half of the ceiling fixed and the other half random, so that callers that failed
 * together (a ledger node or the database went away) do not all come back in the same instant, and no
 * wait ever collapses to zero as full jitter would allow. Immutable; safe to share between threads.
 * Used by the ledger client's {@link RetryPolicy}, the services' work queues and event consumers, and
 * the his-adapter.
 *
 * <pre>{@code
 * Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
 * Thread.sleep(backoff.after(failures));   // 100..200 ms, then 200..400 ms, ... at most 5..10 s
 * }</pre>
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final long maxNanos;

    /**
     * @param initial the ceiling of the first wait; zero means never waiting
     * @param max     the cap on every ceiling, at least {@code initial}
     */
    public Backoff(Duration initial, Duration max) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 <= initial <= max, not " + initial + " and " + max);
        }
        // Computed in nanoseconds: refuse, here and not at the first failure, what does not fit (292 years).
        this.maxNanos = max.toNanos();
    }

    /** The ceiling of the first wait. */
    public Duration initial() {
        return initial;
    }

    /** The cap on every wait. */
    public Duration max() {
        return max;
    }

    /** The same doubling, capped at {@code newMax} instead (at least {@link #initial()}). */
    public Backoff withMax(Duration newMax) {
        return new Backoff(initial, newMax);
    }

    /**
     * The longest wait after the {@code attempt}-th consecutive failure (1-based): {@code initial * 2^(attempt-1)},
     * capped at {@link #max()}; never overflows, however large the attempt.
     */
    public Duration ceiling(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts are counted from 1, not " + attempt);
        }
        long first = initial.toNanos();
        long cap = maxNanos;
        int doublings = attempt - 1;
        // first << doublings stays below the cap (and in range) only while the cap shifted back is above first.
        if (first == 0 || doublings >= Long.SIZE - 1 || first > (cap >> doublings)) {
            return first == 0 ? Duration.ZERO : max;
        }
        return Duration.ofNanos(Math.min(first << doublings, cap));
    }

    /** The wait after the {@code attempt}-th consecutive failure: between half the {@link #ceiling} and all of it. */
    public Duration after(int attempt) {
        return after(attempt, ThreadLocalRandom.current());
    }

    /** {@link #after(int)} with the random half drawn from {@code random}. */
    public Duration after(int attempt, RandomGenerator random) {
        long ceiling = ceiling(attempt).toNanos();
        long half = ceiling / 2;
        return Duration.ofNanos(ceiling - half + random.nextLong(half + 1));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Backoff that && initial.equals(that.initial) && max.equals(that.max);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initial, max);
    }

    @Override
    public String toString() {
        return "Backoff[" + initial + " doubling to " + max + ", equal jitter]";
    }
}
