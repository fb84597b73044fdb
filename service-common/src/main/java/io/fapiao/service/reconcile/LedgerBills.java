package io.fapiao.service.reconcile;

import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ledger.BillPage;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every bill record the ledger holds in a state (and, optionally, of one submitter), read page by
 * page through {@code ListBills}. Reconcilers walk the ledger's side with it; records come without
 * their envelopes ({@code GetBill} has those).
 *
 * <pre>{@code
 * List<BillRecord> verified = new LedgerBills(ledger).inState(BillState.VERIFIED, null);
 * List<BillRecord> ofHospital = new LedgerBills(ledger).inState(BillState.ISSUED, "91110108MA01ABCD2X");
 * }</pre>
 */
public final class LedgerBills {
    /** Records per ListBills call: the most the contract returns in one page. */
    static final int PAGE = 100;

    private final FapiaoLedger ledger;

    public LedgerBills(FapiaoLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** Bills in {@code state}; {@code issuerId} (a USCC) narrows to one submitter, null for all. */
    public List<BillRecord> inState(BillState state, String issuerId) throws LedgerException {
        Objects.requireNonNull(state, "state");
        List<BillRecord> bills = new ArrayList<>();
        String bookmark = "";
        do {
            BillPage page = ledger.listBills(state, issuerId, PAGE, bookmark);
            bills.addAll(page.bills());
            bookmark = page.bookmark();
        } while (!bookmark.isEmpty());
        return bills;
    }

    /** Every bill, whatever its state; {@code issuerId} narrows to one submitter, null for all. */
    public List<BillRecord> all(String issuerId) throws LedgerException {
        List<BillRecord> bills = new ArrayList<>();
        for (BillState state : BillState.values()) {
            bills.addAll(inState(state, issuerId));
        }
        return bills;
    }
}
