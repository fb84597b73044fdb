package io.fapiao.service.problem;

import java.time.Duration;

/**
 * A caller used up its allowance: answered 429 {@code RATE_LIMITED} with {@code Retry-After}.
 *
 * <pre>{@code
 * throw new RateLimited("verification", Duration.ofSeconds(3));
 * }</pre>
 */
public final class RateLimited extends RuntimeException {
    private final Duration retryAfter;

    public RateLimited(String what, Duration retryAfter) {
        super("too many " + what + " requests from this address; retry after " + Math.max(1, retryAfter.toSeconds())
                + " s");
        this.retryAfter = retryAfter;
    }

    /** How long until the next request would be allowed. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
