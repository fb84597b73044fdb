package io.fapiao.issuer.numbering;

/**
 * A number range reserved on the ledger, as this issuer keeps it: the sequence numbers
 * {@code start..end} of one bill-code prefix (or old series) and year and the next one not yet taken.
 *
 * <pre>{@code
 * long left = numbering.ranges().stream().mapToLong(LocalRange::remaining).sum();
 * }</pre>
 *
 * @param series        the 6-digit bill-code prefix, or the old series
 * @param year          the year
 * @param start         the first sequence number
 * @param end           the last sequence number
 * @param nextSequence  the next free one ({@code end + 1} when used up)
 * @param reservedBy    AHEAD (below the low-water mark, in the background), DEMAND (on a caller's
 *                      path, nothing was left) or EVENT (learnt from the ledger's NumberRangeReserved event)
 * @param transactionId the ReserveBillCodeRange (or ReserveNumberRange) transaction
 */
public record LocalRange(
        String series, int year, long start, long end, long nextSequence, String reservedBy, String transactionId) {

    /** How many numbers are left. */
    public long remaining() {
        return Math.max(0, end - nextSequence + 1);
    }

    /** Whether {@code sequence} lies in the range. */
    public boolean contains(long sequence) {
        return sequence >= start && sequence <= end;
    }
}
