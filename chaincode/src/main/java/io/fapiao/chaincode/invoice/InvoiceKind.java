package io.fapiao.chaincode.invoice;

/**
 * A normal ("blue") invoice, or the red-letter invoice that reverses one.
 *
 * <pre>{@code
 * boolean reversal = invoice.kind() == InvoiceKind.RED;
 * }</pre>
 */
public enum InvoiceKind {
    BLUE, RED
}
