package io.fapiao.service.reconcile;

import java.util.Objects;

/**
 * One way a service's own record and the ledger's record of the same thing differ, as {@code fapiao
 * reconcile} reports it. The ledger is the source of truth: {@code ledger} is what it holds,
 * {@code local} what the service holds, and with {@code --repair} the service adopts the ledger's.
 *
 * <pre>{@code
 * {"kind":"STATUS_BEHIND","key":"91110108MA01ABCD2X:MZ0001","local":"QUEUED","ledger":"VERIFIED",
 *  "repaired":true,"detail":"recorded SUBMITTED, VERIFIED from the ledger"}
 * }</pre>
 *
 * @param kind     a stable code saying what differs (each service's codes are listed in docs/operations.md,
 *                 section Reconcile); tools switch on it
 * @param key      what differs: a bill key ({@code <uscc>:<billId>}) or an invoice number
 * @param local    the service's value, null when it has no record
 * @param ledger   the ledger's value, null when the ledger has no record
 * @param repaired whether this run made the service agree with the ledger (only with repair asked for);
 *                 a disagreement the service cannot repair from the ledger stays false
 * @param detail   a sentence for the operator: what was found, what was done or what to do
 */
public record Disagreement(String kind, String key, String local, String ledger, boolean repaired, String detail) {

    public Disagreement {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        detail = detail == null ? "" : detail;
    }

    /** A disagreement found and left as it is. */
    public static Disagreement found(String kind, String key, String local, String ledger, String detail) {
        return new Disagreement(kind, key, local, ledger, false, detail);
    }

    /** This disagreement, repaired; {@code how} says what the service did. */
    public Disagreement repairedBy(String how) {
        return new Disagreement(kind, key, local, ledger, true, how);
    }

    /** This disagreement, not repaired; {@code why} says why and what the operator can do. */
    public Disagreement unrepaired(String why) {
        return new Disagreement(kind, key, local, ledger, false, why);
    }
}
