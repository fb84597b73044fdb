package io.fapiao.hisadapter.bill;

/**
 * Published inside the transaction that stored a new bill; listeners that run after the commit (the
 * submission worker) start on it at once instead of at their next poll.
 *
 * <pre>{@code
 * @TransactionalEventListener void on(BillReceived received) { wake(); }
 * }</pre>
 */
public record BillReceived(String billKey) {}
