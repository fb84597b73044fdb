package io.fapiao.chaincode.ledger;

import java.util.List;

/**
 * One page of a paginated composite-key scan.
 *
 * <pre>{@code
 * Page page = ledger.page(Keys.BILL_INDEX, 20, "", "SUBMITTED");
 * page.values().forEach(...);  // then ask again with page.bookmark() until it is empty
 * }</pre>
 *
 * @param values   the values in key order
 * @param bookmark where the next page starts; empty when there is none
 */
public record Page(List<byte[]> values, String bookmark) {
    public Page {
        values = List.copyOf(values);
    }
}
