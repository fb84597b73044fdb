package io.fapiao.protocol.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UsccTest {
    /*
     * 91350100M000100Y43, a widely cited example code, worked by hand.
     * Values (alphabet index): 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4
     * Weights:                 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
     * Products: 9 3 27 135 0 26 0 0 420 0 0 0 8 0 0 900 112; sum 1640
     * 1640 mod 31 = 28 (31 × 52 = 1612); 31 − 28 = 3 → '3'.
     *
     * 12100000400000398 + '0': products 1 6 9 0 0 0 0 0 80 0 0 0 0 0 30 270 224 = 620 = 31 × 20,
     * so 31 − 0 = 31, which is written '0'.
     *
     * 91330106MA2H2L7X + organisation check '9' + '9W': Σ mod 31 = 3, 31 − 3 = 28 → 'W' (index 28).
     */
    static final List<String> VALID =
            List.of("91350100M000100Y43", "121000004000003980", "91330106MA2H2L7X9W", "121101054000012809");

    @Test
    void knownCodesAreValid() {
        assertThat(VALID).allMatch(Uscc::isValid);
    }

    @Test
    void checkDigitMatchesHandComputation() {
        assertThat(Uscc.checkDigit("91350100M000100Y4")).isEqualTo('3');
        assertThat(Uscc.checkDigit("12100000400000398")).isEqualTo('0');
        assertThat(Uscc.checkDigit("91330106MA2H2L7X9")).isEqualTo('W');
        assertThat(Uscc.checkDigit("12110105400001280")).isEqualTo('9');
    }

    @Test
    void everySingleCharacterChangeIsDetected() {
        String candidates = Uscc.ALPHABET + "IOSVZabcxyz -中";
        for (String valid : VALID) {
            List<String> missed = new ArrayList<>();
            for (int i = 0; i < valid.length(); i++) {
                for (char c : candidates.toCharArray()) {
                    if (c != valid.charAt(i)) {
                        String changed = valid.substring(0, i) + c + valid.substring(i + 1);
                        if (Uscc.isValid(changed)) {
                            missed.add(changed);
                        }
                    }
                }
            }
            assertThat(missed).as("single changes of %s that still pass", valid).isEmpty();
        }
    }

    @Test
    void adjacentSwapsOfDistinctCharactersAreDetected() {
        for (String valid : VALID) {
            for (int i = 0; i + 1 < valid.length(); i++) {
                if (valid.charAt(i) != valid.charAt(i + 1)) {
                    String swapped =
                            valid.substring(0, i) + valid.charAt(i + 1) + valid.charAt(i) + valid.substring(i + 2);
                    assertThat(Uscc.isValid(swapped)).as(swapped).isFalse();
                }
            }
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "91350100M000100Y4", // 17 characters
                "91350100M000100Y433", // 19 characters
                "91350100m000100y43", // lower case
                "91350100M000100O43", // O is not in the alphabet
                "91350100M000100Y4 ", // trailing space instead of the check character
                "９1350100M000100Y43", // full-width digit
            })
    void wrongLengthOrAlphabetIsInvalid(String code) {
        assertThat(Uscc.isValid(code)).isFalse();
        assertThat(Uscc.problem(code).code()).isEqualTo(ViolationCode.BAD_FORMAT);
    }

    @Test
    void wrongCheckCharacterIsReportedAsSuch() {
        Problem problem = Uscc.problem("91350100M000100Y44");
        assertThat(problem.code()).isEqualTo(ViolationCode.BAD_CHECK_DIGIT);
        assertThat(problem.message()).contains("'4'").contains("'3'");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"91350100M000100Y", "91350100M000100Y43", "91350100M000100I4", "91350100m000100y4"})
    void checkDigitRefusesAnythingButSeventeenAlphabetCharacters(String first17) {
        assertThatThrownBy(() -> Uscc.checkDigit(first17)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sampleCodesAreValid() {
        for (long seed = -50; seed < 500; seed++) {
            assertThat(Uscc.isValid(SampleBills.uscc(seed))).as("seed %d", seed).isTrue();
        }
        assertThat(SampleBills.uscc(7)).isEqualTo(SampleBills.uscc(7));
    }
}
