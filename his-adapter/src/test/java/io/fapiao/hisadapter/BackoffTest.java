package io.fapiao.hisadapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Waits between attempts grow to the cap and never stop or overflow. */
class BackoffTest {
    @Test
    void waitsDoubleWithinJitterUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        for (int i = 0; i < 50; i++) {
            assertThat(backoff.after(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(backoff.after(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(backoff.after(10_000)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
        }
    }
}
