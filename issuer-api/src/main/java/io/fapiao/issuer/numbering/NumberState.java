package io.fapiao.issuer.numbering;

/**
 * The life of a taken number.
 *
 * <pre>{@code
 * if (numbering.find(number).orElseThrow().state() == NumberState.VOID) { ... }   // never on an invoice
 * }</pre>
 */
public enum NumberState {
    /** Promised to its subject; the ledger has not recorded it yet. A retry for the same subject gets it again. */
    TAKEN,
    /** Recorded on the ledger. */
    USED,
    /** Its issuance failed for good; never handed out again. */
    VOID
}
