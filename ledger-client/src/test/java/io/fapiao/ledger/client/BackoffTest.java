package io.fapiao.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The one backoff: doubling ceilings, capped, equal jitter that never reaches zero, no overflow. */
class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void ceilingsDoubleFromTheFirstUpToTheCap() {
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.ceiling(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.ceiling(8)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void largeAttemptNumbersStayAtTheCapInsteadOfOverflowing() {
        for (int attempt : new int[] {40, 62, 63, 64, 65, 1_000, Integer.MAX_VALUE}) {
            assertThat(backoff.ceiling(attempt)).as("attempt " + attempt).isEqualTo(Duration.ofSeconds(5));
            assertThat(backoff.after(attempt))
                    .as("attempt " + attempt)
                    .isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
        }
        // A cap near the largest duration in nanoseconds: the doubling must not wrap around to a negative wait.
        Backoff huge = new Backoff(Duration.ofDays(1), Duration.ofDays(365 * 200));
        assertThat(huge.ceiling(30)).isEqualTo(Duration.ofDays(365 * 200));
        assertThat(huge.ceiling(17)).isEqualTo(Duration.ofDays(1L << 16));
    }

    @Test
    void eachWaitIsBetweenHalfItsCeilingAndAllOfIt() {
        RandomGenerator random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            int attempt = 1 + i % 10;
            Duration ceiling = backoff.ceiling(attempt);
            assertThat(backoff.after(attempt, random)).isBetween(ceiling.dividedBy(2), ceiling);
        }
    }

    @Test
    void theExtremesOfTheRandomHalfAreReachedAndTheWaitIsNeverZero() {
        // A generator that always answers its lowest, then one that always answers its highest.
        RandomGenerator lowest = new FixedRandom(false);
        RandomGenerator highest = new FixedRandom(true);
        assertThat(backoff.after(1, lowest)).isEqualTo(Duration.ofMillis(50));
        assertThat(backoff.after(1, highest)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.after(3, lowest)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.after(3, highest)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.after(100, lowest)).isEqualTo(Duration.ofMillis(2500));
        // Successive waits grow: the lowest of attempt n+1 is the highest of attempt n, until the cap.
        for (int attempt = 1; attempt < 6; attempt++) {
            assertThat(backoff.after(attempt + 1, lowest)).isEqualTo(backoff.after(attempt, highest));
        }
    }

    @Test
    void aZeroBackoffNeverWaitsAndNonsenseIsRefused() {
        Backoff none = new Backoff(Duration.ZERO, Duration.ZERO);
        assertThat(none.after(1)).isZero();
        assertThat(none.after(Integer.MAX_VALUE)).isZero();
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(1), Duration.ofDays(365L * 1000)))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> backoff.after(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(backoff.withMax(Duration.ofSeconds(1)).ceiling(10)).isEqualTo(Duration.ofSeconds(1));
    }

    /** Answers the bottom or the top of every bounded request. */
    private record FixedRandom(boolean top) implements RandomGenerator {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return top ? bound - 1 : 0;
        }
    }
}
