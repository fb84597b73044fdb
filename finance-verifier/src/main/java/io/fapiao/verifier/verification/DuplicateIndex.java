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
 * <pre>{@code
 * BillPrint print = index.printOf(billKey, bill);
 * List<String> earlier = index.matches(print, Duration.ofHours(72));
 * index.remember(print, "ACCEPTED");   // in the transaction that stores the verdict
 * }</pre>
 */
public final class DuplicateIndex {
    private final JdbcTemplate jdbc;
    private final PayerPseudonyms pseudonyms;

    public DuplicateIndex(JdbcTemplate jdbc, PayerPseudonyms pseudonyms) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
    }

    /** The print of an opened, valid bill. */
    public BillPrint printOf(String billKey, Bill bill) {
        return new BillPrint(billKey, bill.issuerId(), pseudonyms.of(bill.payer()), itemsDigest(bill.items()),
                OffsetDateTime.parse(bill.issuedAt()).toEpochSecond());
    }

    /** The keys of ACCEPTED bills with the same payer and items issued within {@code window} of this one, oldest first. */
    public List<String> matches(BillPrint print, Duration window) {
        long seconds = window.toSeconds();
        return jdbc.queryForList("select bill_key from bill_print where payer = ? and items = ? "
                        + "and issued_epoch between ? and ? and bill_key <> ? and outcome = 'ACCEPTED' "
                        + "order by issued_epoch, bill_key",
                String.class, print.payer(), print.items(), print.issuedEpochSecond() - seconds,
                print.issuedEpochSecond() + seconds, print.billKey());
    }

    /** Keeps the print with the bill's outcome; a second call for the same bill changes nothing. */
    public void remember(BillPrint print, String outcome) {
        int updated = jdbc.update("update bill_print set outcome = ? where bill_key = ?", outcome, print.billKey());
        if (updated == 0) {
            jdbc.update("insert into bill_print (bill_key, uscc, payer, items, issued_epoch, outcome) "
                    + "values (?, ?, ?, ?, ?, ?)", print.billKey(), print.uscc(), print.payer(), print.items(),
                    print.issuedEpochSecond(), outcome);
        }
    }

    static String itemsDigest(List<BillItem> items) {
        List<List<Object>> normalised = new ArrayList<>();
        for (BillItem item : items) {
            // "2" and "2.0" are the same quantity; the rules allow both spellings.
            normalised.add(List.of(item.code(), plain(item.quantity()), plain(item.unitPrice()), item.amount()));
        }
        normalised.sort(Comparator.comparing(line -> new String(CanonicalJson.encode(line),
                java.nio.charset.StandardCharsets.UTF_8)));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(normalised)));
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
