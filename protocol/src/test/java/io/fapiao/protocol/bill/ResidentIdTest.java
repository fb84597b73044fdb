package io.fapiao.protocol.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ResidentIdTest {
    /*
     * 11010519491231002X, a widely cited example number, worked by hand.
     * Digits:  1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2
     * Weights: 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
     * Products: 7 9 0 5 0 20 2 9 24 27 7 18 30 5 0 0 4; sum 167
     * 167 mod 11 = 2; (12 − 2) mod 11 = 10 → 'X'.
     *
     * 44010619900307123 + '1': digits 4 4 0 1 0 6 1 9 9 0 0 3 0 7 1 2 3;
     * products 28 36 0 5 0 24 2 9 54 0 0 27 0 35 8 8 6; sum 242 = 11 × 22;
     * (12 − 0) mod 11 = 1 → '1'.
     *
     * 31010419850612204 + '9': sum 223, 223 mod 11 = 3, (12 − 3) mod 11 = 9 → '9'.
     */
    static final List<String> VALID = List.of("11010519491231002X", "440106199003071231", "310104198506122049");

    @Test
    void knownNumbersAreValid() {
        assertThat(VALID).allMatch(ResidentId::isValid);
    }

    @Test
    void checkDigitMatchesHandComputation() {
        assertThat(ResidentId.checkDigit("11010519491231002")).isEqualTo('X');
        assertThat(ResidentId.checkDigit("44010619900307123")).isEqualTo('1');
        assertThat(ResidentId.checkDigit("31010419850612204")).isEqualTo('9');
    }

    @Test
    void birthDateIsRead() {
        assertThat(ResidentId.birthDate("11010519491231002X")).contains(LocalDate.of(1949, 12, 31));
        assertThat(ResidentId.birthDate("440106199003071231")).contains(LocalDate.of(1990, 3, 7));
    }

    @Test
    void everySingleCharacterChangeIsDetected() {
        String candidates = "0123456789XxA ";
        for (String valid : VALID) {
            List<String> missed = new ArrayList<>();
            for (int i = 0; i < valid.length(); i++) {
                for (char c : candidates.toCharArray()) {
                    if (c != valid.charAt(i)) {
                        String changed = valid.substring(0, i) + c + valid.substring(i + 1);
                        if (ResidentId.isValid(changed)) {
                            missed.add(changed);
                        }
                    }
                }
            }
            assertThat(missed).as("single changes of %s that still pass", valid).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"11010519490230", "11010519491301", "11010519490001", "11010517991231", "11010520230229"})
    void impossibleBirthDatesAreInvalidEvenWithTheRightCheckCharacter(String first14) {
        String first17 = first14 + "002";
        String number = first17 + ResidentId.checkDigit(first17);
        assertThat(ResidentId.isValid(number)).as(number).isFalse();
        assertThat(ResidentId.birthDate(number)).isEmpty();
        assertThat(ResidentId.problem(number).code()).isEqualTo(ViolationCode.BAD_FORMAT);
    }

    @Test
    void leapDayIsARealDate() {
        String first17 = "11010520240229002";
        assertThat(ResidentId.isValid(first17 + ResidentId.checkDigit(first17))).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "11010519491231002", // 17 characters
                "11010519491231002XX", // 19 characters
                "11010519491231002x", // lower-case x
                "1101051949123100X2", // X not last
                "110105194912310 2X", // space
                "11010519491231002Ｘ", // full-width X
                "110105491231002", // old 15-digit number
            })
    void wrongLengthOrAlphabetIsInvalid(String number) {
        assertThat(ResidentId.isValid(number)).isFalse();
        assertThat(ResidentId.problem(number).code()).isEqualTo(ViolationCode.BAD_FORMAT);
    }

    @Test
    void wrongCheckCharacterIsReportedAsSuch() {
        assertThat(ResidentId.problem("110105194912310021").code()).isEqualTo(ViolationCode.BAD_CHECK_DIGIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"110105194912310021", "110105194913310020", "11010519491231002", "1101051949123100x"})
    void noProblemQuotesTheWholeNumberOrItsBirthDate(String number) {
        String message = ResidentId.problem(number).message();
        assertThat(message)
                .doesNotContain(number)
                .doesNotContain(number.substring(6, 14))
                .contains(number.substring(0, 2) + "*")
                .contains("*" + number.substring(number.length() - 2));
    }

    @Test
    void maskingShowsTwoCharactersAtEachEndAndBoundsTheRest() {
        assertThat(PersonalData.masked("11010519491231002X")).isEqualTo("11**************2X");
        assertThat(PersonalData.masked("E1234")).isEqualTo("*****");
        assertThat(PersonalData.masked(null)).isEqualTo("null");
        String huge = "A".repeat(100_000);
        assertThat(PersonalData.masked(huge)).isEqualTo("AA" + "*".repeat(20) + "AA (100000 chars)");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"1101051949123100", "110105194912310021", "1101051949123100X"})
    void checkDigitRefusesAnythingButSeventeenDigits(String first17) {
        assertThatThrownBy(() -> ResidentId.checkDigit(first17)).isInstanceOf(IllegalArgumentException.class);
    }
}
