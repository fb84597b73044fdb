package io.fapiao.issuer.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The retry loop takes a new number only while the ledger holds the last one for something else, three at most. */
class NumberAttemptsTest {

    @Test
    void anAttemptThatSettlesEndsTheLoop() throws Exception {
        List<String> seen = new ArrayList<>();
        String settled = NumberAttempts.until((attempt, last) -> {
            seen.add(attempt + (last ? " last" : ""));
            return attempt == 2 ? Optional.of("issued") : Optional.empty();
        });
        assertThat(settled).isEqualTo("issued");
        assertThat(seen).containsExactly("1", "2");
    }

    @Test
    void onlyTheThirdAttemptIsTheLastAndItsFailureIsTheCallers() {
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> NumberAttempts.until((attempt, last) -> {
                    seen.add(attempt + (last ? " last" : ""));
                    if (last) {
                        throw new IssuanceException(
                                "NUMBERS_UNAVAILABLE", IssuanceException.Step.RECORD, true, "behind");
                    }
                    return Optional.empty();
                }))
                .isInstanceOf(IssuanceException.class)
                .hasMessage("behind");
        assertThat(seen).containsExactly("1", "2", "3 last");
    }

    @Test
    void aLastAttemptThatNeitherSettlesNorThrowsIsABug() {
        assertThatThrownBy(() -> NumberAttempts.until((attempt, last) -> Optional.empty()))
                .isInstanceOf(IllegalStateException.class);
    }
}
