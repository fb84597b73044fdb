package io.fapiao.issuer.reconcile;

import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What a reconciliation reads of the issuer's own tables in bulk (the engine's classes answer for
 * one bill or number at a time): the bills issued here, the invoices reversed here, the numbers marked
 * used, and any number recorded twice. Read only.
 *
 * <pre>{@code
 * List<String> twice = localIssuances.numbersRecordedTwice();
 * }</pre>
 */
@Component
public class LocalIssuances {
    private final JdbcTemplate jdbc;

    public LocalIssuances(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Bills whose issuance is ISSUED here, with their invoice numbers: {@code [billKey, number]}. */
    public List<String[]> issuedBills() {
        return jdbc.query(
                "select bill_key, invoice_number from issuance where state = 'ISSUED' order by bill_key",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)});
    }

    /** Blue invoices whose reversal is ISSUED here, with the red numbers: {@code [number, redNumber]}. */
    public List<String[]> reversedInvoices() {
        return jdbc.query(
                "select invoice_number, red_invoice_number from reversal where state = 'ISSUED' "
                        + "order by invoice_number",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)});
    }

    /** Numbers this issuer marked USED (recorded on the ledger). */
    public List<String> usedNumbers() {
        return jdbc.queryForList(
                "select invoice_number from invoice_number where state = 'USED' " + "order by invoice_number",
                String.class);
    }

    /** Numbers that two records here claim: two issuances, two reversals, or one of each. */
    public List<String> numbersRecordedTwice() {
        return jdbc.queryForList(
                "select number from (select invoice_number as number from issuance "
                        + "where invoice_number is not null union all select red_invoice_number as number from reversal "
                        + "where red_invoice_number is not null) claimed group by number having count(*) > 1 order by number",
                String.class);
    }
}
