package io.fapiao.issuer.issuance;

import java.util.Optional;

/**
 * The retry loop of issuing and reversing: an attempt takes a number and asks the ledger to record
 * it; when the ledger holds that number for something else, the attempt makes it void here and
 * answers empty, and the next attempt takes a new one. At most {@link #LIMIT} attempts: local ranges
 * that keep handing out numbers the ledger already holds are behind it, and the caller says so.
 *
 * <pre>{@code
 * IssuanceStatus issued = NumberAttempts.until((attempt, last) -> issueOnce(billKey, attempt, last));
 * }</pre>
 */
final class NumberAttempts {
    /** How many numbers one call takes at most. */
    static final int LIMIT = 3;

    /** One attempt; empty when a new number should be tried, {@code last} when none is left after it. */
    @FunctionalInterface
    interface Attempt<T> {
        Optional<T> run(int attempt, boolean last) throws IssuanceException;
    }

    private NumberAttempts() {}

    /** Runs attempts until one settles; the last one must settle or throw. */
    static <T> T until(Attempt<T> attempt) throws IssuanceException {
        for (int n = 1; n <= LIMIT; n++) {
            Optional<T> settled = attempt.run(n, n == LIMIT);
            if (settled.isPresent()) {
                return settled.get();
            }
        }
        throw new IllegalStateException("the last of " + LIMIT + " number attempts neither settled nor failed");
    }
}
