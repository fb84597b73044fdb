package io.fapiao.protocol.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The {@code long} arithmetic of the rules ({@link Rules#micros}, {@link Rules#lineAmountFen},
 * {@link ExactSum}) gives exactly what {@link BigDecimal} and {@link BigInteger} give, which were
 * the rules' arithmetic before and remain its specification here; where {@code long} cannot hold
 * the exact value it says so instead of wrapping around.
 */
class ExactArithmeticProperties {
    @Property(tries = 3000)
    void microsAreTheDecimalsValue(@ForAll("plainDecimals") String decimal) {
        assertThat(Rules.micros(decimal))
                .as(decimal)
                .isEqualTo(new BigDecimal(decimal).movePointRight(6).longValueExact());
    }

    @Property(tries = 5000)
    void lineAmountAgreesWithBigDecimal(
            @ForAll("plainDecimals") String quantity, @ForAll("plainDecimals") String price) {
        BigInteger exact = Rules.lineAmount(new BigDecimal(quantity), new BigDecimal(price));
        long fast = Rules.lineAmountFen(Rules.micros(quantity), Rules.micros(price));
        if (fast == Rules.NO_DECIMAL) {
            // Only refused when the product in 10^-12 yuan really leaves the range of long.
            assertThat(new BigDecimal(quantity).multiply(new BigDecimal(price)).movePointRight(12))
                    .as("%s × %s", quantity, price)
                    .isGreaterThan(BigDecimal.valueOf(Long.MAX_VALUE));
        } else {
            assertThat(BigInteger.valueOf(fast)).as("%s × %s", quantity, price).isEqualTo(exact);
        }
    }

    @Property(tries = 2000)
    void lineAmountRoundsHalfUpAtTheBoundary(@ForAll("smallDecimals") String quantity) {
        // Prices of x.xx5 yuan put many products exactly on half a fen.
        for (String price : List.of("0.005", "0.015", "1.125", "99.995", "0.000001")) {
            assertThat(BigInteger.valueOf(Rules.lineAmountFen(Rules.micros(quantity), Rules.micros(price))))
                    .as("%s × %s", quantity, price)
                    .isEqualTo(Rules.lineAmount(new BigDecimal(quantity), new BigDecimal(price)));
        }
    }

    @Property(tries = 3000)
    void exactSumAgreesWithBigInteger(@ForAll @Size(max = 8) List<@From("amounts") Long> amounts) {
        ExactSum sum = new ExactSum();
        BigInteger exact = BigInteger.ZERO;
        for (long amount : amounts) {
            sum.add(amount);
            exact = exact.add(BigInteger.valueOf(amount));
        }
        assertThat(sum.toString()).isEqualTo(exact.toString());
        boolean fits = exact.bitLength() < Long.SIZE;
        assertThat(sum.is(exact.longValue())).isEqualTo(fits);
        if (fits) {
            assertThat(sum.is(exact.longValue() + 1)).isFalse();
        }
    }

    @Provide
    Arbitrary<String> plainDecimals() {
        Arbitrary<String> integers = Arbitraries.oneOf(
                Arbitraries.of("0"),
                Arbitraries.longs().between(1, 999_999_999_999L).map(String::valueOf),
                Arbitraries.longs().between(1, 999).map(String::valueOf));
        Arbitrary<String> fractions =
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(6);
        return Combinators.combine(integers, fractions, Arbitraries.of(true, false))
                .as((integer, fraction, plain) -> plain ? integer : integer + "." + fraction);
    }

    @Provide
    Arbitrary<String> smallDecimals() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 9999),
                        Arbitraries.integers().between(0, 999))
                .as((integer, thousandths) -> integer + "." + String.format("%03d", thousandths))
                .filter(decimal -> !decimal.equals("0.000"));
    }

    @Provide
    Arbitrary<Long> amounts() {
        return Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, -1L, 0L, 1L),
                Arbitraries.longs().between(0, Bill.MAX_AMOUNT_FEN));
    }
}
