package io.fapiao.hisadapter;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a worker waits before trying a row again: doubling from {@code initial} up to {@code max},
 * each wait drawn between half and all of its ceiling so that rows that failed together (the ledger
 * went away) do not all come back in the same instant. Attempts never stop.
 *
 * <pre>{@code
 * Duration wait = new Backoff(Duration.ofMillis(500), Duration.ofMinutes(1)).after(attempts);
 * }</pre>
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial backoff <= max backoff");
        }
    }

    /** The wait after the {@code attempts}-th consecutive failure (1-based). */
    public Duration after(int attempts) {
        long ceiling = initial.toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
        long capped = Math.min(Math.max(ceiling, 0), max.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
