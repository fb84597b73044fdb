package io.fapiao.protocol.ledger;

/**
 * Where an invoice is in its life: ISSUED, then CLAIMED (ClaimInvoice) or REVERSED (ReverseInvoice).
 * A claimed invoice cannot be reversed and a reversed one cannot be claimed; a red-letter invoice stays
 * ISSUED and can be neither claimed nor reversed.
 *
 * <pre>{@code
 * if (invoice.state() != InvoiceState.ISSUED) { ... }
 * }</pre>
 */
public enum InvoiceState {
    ISSUED,
    CLAIMED,
    REVERSED
}
