package io.fapiao.protocol.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * The hand-written identifier and decimal checks of {@link Rules} accept exactly what the regular
 * expressions they replaced accept (those expressions are the specification, kept here).
 */
class HandWrittenMatcherProperties {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern DECIMAL = Pattern.compile("(?:0|[1-9][0-9]{0,11})(?:\\.[0-9]{1,6})?");

    @Property(tries = 3000)
    void decimalAgreesWithItsRegex(
            @ForAll @StringLength(max = 22) @Chars({'0', '1', '9', '.', '-', '+', 'e', ' ', '٣'}) String value) {
        assertThat(Rules.isPlainDecimal(value))
                .as("'%s'", value)
                .isEqualTo(DECIMAL.matcher(value).matches());
    }

    @Property(tries = 3000)
    void decimalAgreesOnDigitHeavyText(@ForAll @StringLength(max = 22) @Chars({'0', '5', '.'}) String value) {
        assertThat(Rules.isPlainDecimal(value))
                .as("'%s'", value)
                .isEqualTo(DECIMAL.matcher(value).matches());
    }

    @Property(tries = 3000)
    void identifierAgreesWithItsRegex(@ForAll @StringLength(max = 12) String value) {
        assertThat(Rules.isIdentifier(value))
                .as("'%s'", value)
                .isEqualTo(IDENTIFIER.matcher(value).matches());
    }

    @Property(tries = 3000)
    void identifierAgreesOnAsciiText(
            @ForAll @StringLength(max = 12) @Chars({'A', 'z', '0', '9', '.', '_', '-', '/', ' ', '@', '[', '`', '{'})
                    String value) {
        assertThat(Rules.isIdentifier(value))
                .as("'%s'", value)
                .isEqualTo(IDENTIFIER.matcher(value).matches());
    }
}
