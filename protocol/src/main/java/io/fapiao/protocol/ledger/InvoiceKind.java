package io.fapiao.protocol.ledger;

/**
 * A normal ("blue") invoice, or the red-letter invoice that reverses one.
 *
 * <pre>{@code
 * boolean reversal = invoice.kind() == InvoiceKind.RED;
 * }</pre>
 */
public enum InvoiceKind {
    BLUE,
    RED
}
