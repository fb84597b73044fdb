package io.fapiao.ledger.client.governance;

import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.HistoryEntry;
import io.fapiao.protocol.ledger.Submitter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One submitter's registry record through time, read from the ledger's key history
 * ({@code GetHistory("submitter:<uscc>")}): which registration was in force when a bill was issued.
 * The finance verifier judges every bill by it, and the his-adapter refuses at intake what the
 * verifier would reject, so both read the registry through this one class and by the same rule.
 *
 * <p>The record in force at a time is the last version written at or before it; for a time before
 * the first registration, the first version, whose qualification window then decides. A submitter
 * is qualified at a time when that record is active and {@code validFrom <= time < validTo}
 * ({@link Submitter#qualifiedAt}). The contract itself checks the latest record at the submission
 * time, which is {@link #latest()}.
 *
 * <pre>{@code
 * SubmitterHistory registry = SubmitterHistory.read(ledger, "91610113MA03AX231B");
 * Optional<String> problem = registry.unqualifiedAt(issuedAt);        // empty when qualified
 * String name = registry.inForceAt(issuedAt).map(Submitter::name).orElse(null);
 * }</pre>
 */
public final class SubmitterHistory {
    private final String uscc;
    private final List<Version> versions;

    private SubmitterHistory(String uscc, List<Version> versions) {
        this.uscc = Objects.requireNonNull(uscc, "uscc");
        this.versions = List.copyOf(versions);
    }

    /**
     * Reads {@code uscc}'s registry history; a USCC that was never registered has an empty one.
     *
     * @throws LedgerException when the ledger cannot answer (any refusal other than NOT_FOUND included)
     */
    public static SubmitterHistory read(FapiaoLedger ledger, String uscc) throws LedgerException {
        List<HistoryEntry> entries;
        try {
            entries = ledger.history("submitter:" + uscc).versions();
        } catch (ChaincodeRejection e) {
            if (e.code().equals("NOT_FOUND")) {
                return new SubmitterHistory(uscc, List.of());
            }
            throw e;
        }
        List<Version> versions = new ArrayList<>();
        for (HistoryEntry entry : entries) {
            if (!entry.isDelete() && entry.value() != null) {
                versions.add(new Version(Instant.parse(entry.timestamp()), parse(entry)));
            }
        }
        return new SubmitterHistory(uscc, versions);
    }

    /** The USCC this is the history of. */
    public String uscc() {
        return uscc;
    }

    /** Whether the USCC was ever registered. */
    public boolean registered() {
        return !versions.isEmpty();
    }

    /** The registration in force at {@code time} (see the class comment); empty when never registered. */
    public Optional<Submitter> inForceAt(Instant time) {
        Submitter inForce = null;
        for (Version version : versions) {
            if (inForce == null || !version.writtenAt().isAfter(time)) {
                inForce = version.record();
            }
        }
        return Optional.ofNullable(inForce);
    }

    /** The current registration, the one the contract checks a submission against. */
    public Optional<Submitter> latest() {
        return versions.isEmpty()
                ? Optional.empty()
                : Optional.of(versions.getLast().record());
    }

    /**
     * Why the submitter was not qualified at {@code time}, in a sentence naming the record's status
     * and window; empty when it was.
     */
    public Optional<String> unqualifiedAt(Instant time) {
        Optional<Submitter> inForce = inForceAt(time);
        if (inForce.isEmpty()) {
            return Optional.of("USCC " + uscc + " is not in the submitter registry");
        }
        Submitter record = inForce.get();
        if (record.qualifiedAt(time)) {
            return Optional.empty();
        }
        return Optional.of("submitter " + uscc + " was not qualified at " + time + ": status " + record.status()
                + (record.statusReason() == null ? "" : " (" + record.statusReason() + ")") + ", qualified from "
                + record.validFrom() + " until " + record.validTo());
    }

    private static Submitter parse(HistoryEntry version) {
        try {
            return Json.bind(version.value(), Submitter.class);
        } catch (ProtocolException e) {
            throw new IllegalStateException(
                    "the ledger's submitter record of tx " + version.txId() + " does not parse: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SubmitterHistory[" + uscc + ", " + versions.size() + " versions]";
    }

    private record Version(Instant writtenAt, Submitter record) {}
}
