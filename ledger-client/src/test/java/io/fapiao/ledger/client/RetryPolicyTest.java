package io.fapiao.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));

    @RepeatedTest(20)
    void waitsGrowExponentiallyUpToTheCapAndNeverDropBelowHalfTheirCeiling() {
        assertThat(policy.backoffAfter(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(policy.backoffAfter(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(policy.backoffAfter(9)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(policy.backoffAfter(200)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(RetryPolicy.NONE.backoffAfter(1)).isZero();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
