package io.fapiao.httpsig;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link NonceRegistry} in this process's memory. Entries are dropped once their window has
 * passed, so memory stays bounded by the request rate times the window.
 *
 * <pre>{@code
 * MessageVerifier verifier = new MessageVerifier(keys, VerificationPolicy.requests(),
 *         new InMemoryNonceRegistry(Clock.systemUTC()), Clock.systemUTC());
 * }</pre>
 */
public final class InMemoryNonceRegistry implements NonceRegistry {
    private static final int SWEEP_EVERY = 1024;

    private final Clock clock;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    public InMemoryNonceRegistry(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String keyId, String nonce, Instant until) {
        if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
            Instant now = clock.instant();
            seen.values().removeIf(expiry -> expiry.isBefore(now));
        }
        // the key id is length-prefixed so that no (key, nonce) pair can collide with another
        String entry = keyId.length() + ":" + keyId + nonce;
        Instant now = clock.instant();
        Instant[] previous = new Instant[1];
        seen.compute(entry, (k, expiry) -> {
            previous[0] = expiry;
            return expiry != null && !expiry.isBefore(now) ? expiry : until;
        });
        return previous[0] == null || previous[0].isBefore(now);
    }
}
