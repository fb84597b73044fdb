package io.fapiao.verifier.verification;

import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.History;
import io.fapiao.protocol.ledger.HistoryEntry;
import io.fapiao.protocol.ledger.Submitter;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a submitter was qualified when it issued a bill. The contract checks qualification at the
 * moment of submission; the verifier checks it at the bill's own issue time, which the contract
 * cannot: a bill dated inside a suspension and submitted after reinstatement passes the contract and
 * is caught here.
 *
 * <p>The registry record in force at the issue time is the last version in the submitter's ledger
 * history ({@code GetHistory("submitter:<uscc>")}, the same record {@code GetSubmitter} returns at its
 * latest) written at or before that time; for a bill issued before the first registration, the first
 * version, whose qualification window then decides. {@link Submitter#qualifiedAt} of that version at
 * the issue time is the answer: status active, {@code validFrom <= issuedAt < validTo}.
 *
 * <pre>{@code
 * Optional<String> problem = qualification.problemAt(uscc, issuedAt);   // empty when qualified
 * }</pre>
 */
public final class Qualification {
    private final FapiaoLedger ledger;

    public Qualification(FapiaoLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * Why {@code uscc} was not qualified at {@code issuedAt}, or empty when it was.
     *
     * @throws LedgerException when the ledger cannot answer; the check must be tried again
     */
    public Optional<String> problemAt(String uscc, Instant issuedAt) throws LedgerException {
        History history;
        try {
            history = ledger.history("submitter:" + uscc);
        } catch (ChaincodeRejection e) {
            if (e.code().equals("NOT_FOUND")) {
                return Optional.of("USCC " + uscc + " is not in the submitter registry");
            }
            throw e;
        }
        Submitter inForce = null;
        for (HistoryEntry version : history.versions()) {
            if (version.isDelete() || version.value() == null) {
                continue;
            }
            Submitter submitter = parse(version);
            if (inForce == null || !Instant.parse(version.timestamp()).isAfter(issuedAt)) {
                inForce = submitter;
            }
        }
        if (inForce == null) {
            return Optional.of("USCC " + uscc + " has no registry record");
        }
        if (inForce.qualifiedAt(issuedAt)) {
            return Optional.empty();
        }
        return Optional.of("submitter " + uscc + " was not qualified at the issue time " + issuedAt + ": status "
                + inForce.status() + (inForce.statusReason() == null ? "" : " (" + inForce.statusReason() + ")")
                + ", qualified from " + inForce.validFrom() + " until " + inForce.validTo());
    }

    private static Submitter parse(HistoryEntry version) {
        try {
            return Json.bind(version.value(), Submitter.class);
        } catch (ProtocolException e) {
            throw new IllegalStateException("the ledger's submitter record of tx " + version.txId()
                    + " does not parse: " + e.getMessage(), e);
        }
    }
}
