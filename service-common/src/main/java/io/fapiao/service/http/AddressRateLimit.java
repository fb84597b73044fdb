package io.fapiao.service.http;

import io.fapiao.service.problem.RateLimited;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client address for a public endpoint (Bucket4j): {@code burst} requests at once,
 * refilled at {@code perMinute}. The addresses kept are bounded (the least recently seen is forgotten
 * first), so a flood from many addresses costs memory only up to that bound. The address is the TCP
 * peer's: behind a reverse proxy, limit there.
 *
 * <pre>{@code
 * AddressRateLimit limit = new AddressRateLimit("verification", 60, 20, 100_000);
 * limit.take(request.getRemoteAddr());   // throws RateLimited (429) when used up
 * }</pre>
 */
public final class AddressRateLimit {
    private final String what;
    private final int perMinute;
    private final int burst;
    private final Map<String, Bucket> buckets;

    public AddressRateLimit(String what, int perMinute, int burst, int maxAddresses) {
        if (perMinute < 1 || burst < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException("rate limit of " + what + ": per-minute, burst and addresses must be "
                    + "positive, not " + perMinute + ", " + burst + ", " + maxAddresses);
        }
        this.what = what;
        this.perMinute = perMinute;
        this.burst = burst;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /**
     * Takes one request of {@code address}'s allowance.
     *
     * @throws RateLimited when none is left, saying when the next one will be
     */
    public void take(String address) {
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(
                    address,
                    a -> Bucket.builder()
                            .addLimit(limit -> limit.capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)))
                            .build());
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new RateLimited(what, Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}
