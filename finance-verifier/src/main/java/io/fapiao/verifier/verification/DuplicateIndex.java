package io.fapiao.verifier.verification;

import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.BillItem;
import io.fapiao.protocol.json.CanonicalJson;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds bills that charge the same payer for the same items close in time under another bill key
 * (another hospital, or another bill id of the same one): a patient billed twice, or one stay billed
 * by two hospitals. Table {@code bill_print} keeps, per opened bill, the payer's pseudonym
 * ({@link PayerPseudonyms}), a digest of the items and the issue time; never the bill itself.
 *
 * <p>"The same items" means the same multiset of (charge code, quantity, unit price, amount), in any
 * order; names are left out because hospitals print the same national charge code under their own
 * names. Only ACCEPTED bills count as earlier bills: a rejected one will never be invoiced.
 *
 * <p>Bills are verified concurrently, so the check and the bill's own print are written together
 * ({@link #claim}): under one database lock ({@code duplicate_check_lock}), the print is compared with
 * the others and stored as DECIDING until its verdict is {@link #remember remembered}. A bill that finds
 * another bill with the same payer and items still DECIDING waits ({@link DuplicateCheckBusy}) until
 * that verdict is known, exactly as if the two had been verified one after the other: of two such
 * bills, the one decided second is the one flagged, across workers and processes sharing the database.
 *
 * <pre>{@code
 * BillPrint print = index.printOf(billKey, bill);
 * List<String> earlier = index.claim(print, Duration.ofHours(72));  // throws DuplicateCheckBusy: try later
 * index.remember(print, "ACCEPTED");   // in the transaction that stores the verdict
 * }</pre>
 */
public final class DuplicateIndex {
    /** The outcome of a print whose bill is being verified: it has no verdict yet. */
    static final String DECIDING = "DECIDING";
    /** How long a bill waits before it looks again at a bill with its payer and items that is being decided. */
    private static final Duration BUSY_WAIT = Duration.ofMillis(300);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final PayerPseudonyms pseudonyms;

    public DuplicateIndex(JdbcTemplate jdbc, PlatformTransactionManager transactions, PayerPseudonyms pseudonyms) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.transactions = new TransactionTemplate(Objects.requireNonNull(transactions, "transactions"));
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
    }

    /** The print of an opened, valid bill. */
    public BillPrint printOf(String billKey, Bill bill) {
        return new BillPrint(
                billKey,
                bill.issuerId(),
                pseudonyms.of(bill.payer()),
                itemsDigest(bill.items()),
                OffsetDateTime.parse(bill.issuedAt()).toEpochSecond());
    }

    /**
     * The keys of ACCEPTED bills with the same payer and items issued within {@code window} of this one,
     * oldest first; the print is stored as DECIDING in the same transaction, so that bills checked after
     * this one wait for its verdict. Committed when it returns (its own transaction, whatever the caller's).
     *
     * @throws DuplicateCheckBusy when such a bill is being decided now: ask again once it is
     */
    public List<String> claim(BillPrint print, Duration window) throws DuplicateCheckBusy {
        long seconds = window.toSeconds();
        List<String> busy = new ArrayList<>();
        List<String> matches = transactions.execute(status -> {
            // Every check of every worker and process passes here one at a time: the two queries and the
            // write below take a millisecond or two, and a bill that checked first is seen by the next.
            jdbc.queryForObject("select id from duplicate_check_lock where id = 1 for update", Integer.class);
            List<String[]> others = jdbc.query(
                    "select bill_key, outcome from bill_print where payer = ? and items = ? "
                            + "and issued_epoch between ? and ? and bill_key <> ? and outcome in ('ACCEPTED', '"
                            + DECIDING + "') order by issued_epoch, bill_key",
                    (rs, n) -> new String[] {rs.getString(1), rs.getString(2)},
                    print.payer(),
                    print.items(),
                    print.issuedEpochSecond() - seconds,
                    print.issuedEpochSecond() + seconds,
                    print.billKey());
            others.stream().filter(o -> o[1].equals(DECIDING)).forEach(o -> busy.add(o[0]));
            if (!busy.isEmpty()) {
                return List.of();
            }
            remember(print, DECIDING);
            return others.stream().map(o -> o[0]).toList();
        });
        if (!busy.isEmpty()) {
            throw new DuplicateCheckBusy(print.billKey(), busy, BUSY_WAIT);
        }
        return matches;
    }

    /** Keeps the print with the bill's outcome (or DECIDING); a second call for the same bill changes nothing. */
    public void remember(BillPrint print, String outcome) {
        int updated = jdbc.update("update bill_print set outcome = ? where bill_key = ?", outcome, print.billKey());
        if (updated == 0) {
            jdbc.update(
                    "insert into bill_print (bill_key, uscc, payer, items, issued_epoch, outcome) "
                            + "values (?, ?, ?, ?, ?, ?)",
                    print.billKey(),
                    print.uscc(),
                    print.payer(),
                    print.items(),
                    print.issuedEpochSecond(),
                    outcome);
        }
    }

    static String itemsDigest(List<BillItem> items) {
        List<List<Object>> normalised = new ArrayList<>();
        for (BillItem item : items) {
            // "2" and "2.0" are the same quantity; the rules allow both spellings.
            normalised.add(List.of(item.code(), plain(item.quantity()), plain(item.unitPrice()), item.amount()));
        }
        normalised.sort(Comparator.comparing(
                line -> new String(CanonicalJson.encode(line), java.nio.charset.StandardCharsets.UTF_8)));
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(normalised)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String plain(String decimal) {
        BigDecimal value = new BigDecimal(decimal).stripTrailingZeros();
        return value.signum() == 0 ? "0" : value.toPlainString();
    }

    /**
     * What the duplicate check keeps of one bill.
     *
     * @param billKey           the bill
     * @param uscc              its issuer
     * @param payer             the payer's pseudonym
     * @param items             SHA-256 of the normalised, sorted items, hex
     * @param issuedEpochSecond the issue time
     */
    public record BillPrint(String billKey, String uscc, String payer, String items, long issuedEpochSecond) {}
}
