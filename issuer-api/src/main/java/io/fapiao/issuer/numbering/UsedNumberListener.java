package io.fapiao.issuer.numbering;

/**
 * Told that a number is now {@link NumberState#USED} here (the ledger recorded its invoice), inside the
 * transaction of {@link Numbering#markUsed}: what the listener writes commits with the number's state
 * or not at all, so work that must follow every issued invoice (its renditions) is never lost to a
 * crash between the two. A listener that throws rolls the mark back; the caller's next attempt marks
 * it again. Called again when an already used number is marked again (a reconciliation), so what it
 * does must be idempotent. Every {@code UsedNumberListener} bean is called.
 *
 * <pre>{@code
 * @Component
 * class RenderOnUse implements UsedNumberListener {
 *     @Override public void used(String invoiceNumber) { renderingQueue.add(invoiceNumber, null, null); }
 * }
 * }</pre>
 */
public interface UsedNumberListener {

    /** {@code invoiceNumber} is used on the ledger; joins the transaction that records it. */
    void used(String invoiceNumber);
}
