package io.fapiao.verifier.verification;

import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.governance.SubmitterHistory;
import io.fapiao.protocol.ledger.Submitter;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a submitter stood in the registry when it issued a bill: qualified or not, and under which
 * registered name. The contract checks qualification at the moment of submission; the verifier checks
 * it at the bill's own issue time, which the contract cannot: a bill dated inside a suspension and
 * submitted after reinstatement passes the contract and is caught here. The contract does not read the
 * bill's issuer name at all (it cannot decrypt the bill); the verifier compares it with the name
 * registered at the issue time, so that no invoice is issued under a name the registry does not know.
 *
 * <p>The record in force is the one {@link SubmitterHistory#inForceAt} names, from the submitter's
 * ledger history; the his-adapter reads the same history, by the same rule, to refuse such bills at
 * intake with the same codes.
 *
 * <pre>{@code
 * Qualification.Standing standing = qualification.standingAt(uscc, issuedAt);
 * standing.unqualified();             // empty when qualified     → NOT_QUALIFIED
 * standing.misnamed(bill.issuerName()); // empty when the name is the registered one → ISSUER_NAME_MISMATCH
 * }</pre>
 */
public final class Qualification {
    private final FapiaoLedger ledger;

    public Qualification(FapiaoLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * {@code uscc}'s standing at {@code issuedAt}.
     *
     * @throws LedgerException when the ledger cannot answer; the check must be tried again
     */
    public Standing standingAt(String uscc, Instant issuedAt) throws LedgerException {
        SubmitterHistory history = SubmitterHistory.read(ledger, uscc);
        return new Standing(history.unqualifiedAt(issuedAt), history.inForceAt(issuedAt));
    }

    /**
     * A submitter's standing at an issue time.
     *
     * @param unqualified  why it was not qualified then, or empty when it was
     * @param registration the registry record in force then; empty when it was never registered
     */
    public record Standing(Optional<String> unqualified, Optional<Submitter> registration) {

        /**
         * Why {@code issuerName} is not the name registered at the issue time, or empty when it is. The
         * names are compared exactly, code point for code point: the name is printed on the invoice, and
         * "(" is not "（". Empty too when there is no registration, which {@link #unqualified()} reports.
         */
        public Optional<String> misnamed(String issuerName) {
            return registration
                    .filter(r -> !r.name().equals(issuerName))
                    .map(r -> "the bill's issuerName is not the name registered for USCC " + r.uscc()
                            + " at its issue time, '" + r.name() + "'");
        }
    }
}
