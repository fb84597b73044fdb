package io.fapiao.protocol.bill;

import java.math.BigInteger;

/**
 * A sum of fen amounts that never overflows: {@code long} arithmetic while the sum fits, a
 * {@link BigInteger} from the first addition that would overflow. Amounts are summed before they
 * are known to be in range (every violation is reported, so an item of {@code Long.MAX_VALUE} fen
 * is still added), and the rules must not report a wrapped-around total.
 */
final class ExactSum {
    private long small;
    /** The sum once it has left the range of {@code long}; null until then. */
    private BigInteger large;

    void add(long amount) {
        if (large == null) {
            long sum = small + amount;
            // Overflow iff both operands have the sign the result lacks (Hacker's Delight 2-13).
            if (((small ^ sum) & (amount ^ sum)) >= 0) {
                small = sum;
                return;
            }
            large = BigInteger.valueOf(small);
        }
        large = large.add(BigInteger.valueOf(amount));
    }

    /** Whether the sum is exactly {@code value}. */
    boolean is(long value) {
        return large == null ? small == value : large.equals(BigInteger.valueOf(value));
    }

    @Override
    public String toString() {
        return large == null ? Long.toString(small) : large.toString();
    }
}
