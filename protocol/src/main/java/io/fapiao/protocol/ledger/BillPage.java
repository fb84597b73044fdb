package io.fapiao.protocol.ledger;

import java.util.List;

/**
 * One page of {@code ListBills}: bill records (without envelopes) in key order (state, USCC, bill id),
 * and the bookmark of the next page, empty after the last one.
 *
 * <pre>{@code
 * String bookmark = "";
 * do {
 *     BillPage page = ledger.listBills(BillState.SUBMITTED, null, 50, bookmark);
 *     page.bills().forEach(this::recheck);
 *     bookmark = page.bookmark();
 * } while (!bookmark.isEmpty());
 * }</pre>
 *
 * @param bills    the records on this page
 * @param bookmark where the next page starts; empty when there is none
 * @param count    {@code bills.size()}
 */
public record BillPage(List<BillRecord> bills, String bookmark, int count) {
    public BillPage {
        bills = List.copyOf(bills);
    }

    /** Whether another page follows. */
    public boolean hasMore() {
        return !bookmark.isEmpty();
    }
}
