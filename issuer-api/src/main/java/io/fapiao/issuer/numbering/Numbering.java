package io.fapiao.issuer.numbering;

import io.fapiao.protocol.ledger.InvoiceNumber;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands out invoice numbers from the ranges this issuer reserved on the ledger, never the same number
 * twice. Taking a number is one database transaction that advances the range and records what the
 * number is for, so after a crash a retry for the same subject gets the <em>same</em> number (and
 * check code and issue time) back, and a number that left this table is never handed out again. A
 * number whose issuance failed for good is made {@link NumberState#VOID}, not re-used.
 *
 * <p>Each call runs in its own transaction, committed before it returns, even when the caller is
 * inside one (such as an event consumer's checkpoint transaction): the promise must be durable
 * before the ledger hears of the number.
 *
 * <pre>{@code
 * TakenNumber taken = numbering.take(NumberPurpose.BLUE, billKey.toString());
 * taken.invoiceNumber();   // e.g. 44010126-0000000042; taken.number().billCode() and .serial() as printed
 * ... ledger.issueInvoice(billKey, taken.invoiceNumber(), checkCodes.digest(taken.invoiceNumber(), taken.checkCode()),
 *         hash, signature);
 * numbering.markUsed(taken.invoiceNumber());
 * }</pre>
 */
@Service
public class Numbering {
    private static final Logger LOG = LoggerFactory.getLogger(Numbering.class);
    /** Rounds of "ranges empty, reserve, take" before giving up: other takers may drain a fresh batch first. */
    private static final int ATTEMPTS = 10;

    private static final String NUMBER_COLUMNS =
            "n.invoice_number, n.check_code, n.purpose, n.subject, n.state, n.taken_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final TransactionTemplate joinedTransaction;
    private final RangeTable ranges;
    private final RangeReservation reservation;
    private final CheckCodes checkCodes;
    private final NumberingProperties properties;
    private final Clock clock;
    private final ObjectProvider<UsedNumberListener> usedListeners;

    Numbering(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            RangeTable ranges,
            RangeReservation reservation,
            CheckCodes checkCodes,
            NumberingProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<UsedNumberListener> usedListeners) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        // The caller's transaction when it has one, else one of its own: the listeners' writes commit with the mark.
        this.joinedTransaction = new TransactionTemplate(transactions);
        this.usedListeners = usedListeners;
        this.ranges = ranges;
        this.reservation = reservation;
        this.checkCodes = checkCodes;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        announce(properties);
    }

    /** Says at start-up in which form this issuer numbers, and warns when that is not what production wants. */
    private static void announce(NumberingProperties properties) {
        if (properties.form() == InvoiceNumber.Form.SERIES) {
            LOG.warn(
                    "fapiao.issuer.numbering.series={} numbers new invoices in the old form {}; set "
                            + "fapiao.issuer.numbering.bill-code-prefix (6 digits from the finance bureau) instead of "
                            + "series to number in the MoF e-bill form such as 44010126-0000000001. Invoices already "
                            + "issued keep their numbers either way.",
                    properties.series(),
                    properties.number(java.time.Year.now(properties.zone()).getValue(), 1));
        } else if (properties.defaultPrefix()) {
            LOG.warn(
                    "fapiao.issuer.numbering.bill-code-prefix is not set: numbering under the development prefix {} "
                            + "(bill codes {}YY); set the prefix the finance bureau assigned",
                    NumberingProperties.DEFAULT_BILL_CODE_PREFIX,
                    NumberingProperties.DEFAULT_BILL_CODE_PREFIX);
        } else {
            LOG.info(
                    "numbering invoices in the MoF e-bill form under bill-code prefix {}", properties.billCodePrefix());
        }
    }

    /**
     * The live number of {@code subject}, taken now if it has none. Reserves a batch on the ledger
     * first when no number is left (and in the background when few are).
     *
     * @throws NumberingException when no number is left and the ledger cannot reserve more
     */
    public TakenNumber take(NumberPurpose purpose, String subject) throws NumberingException {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(subject, "subject");
        for (int attempt = 1; ; attempt++) {
            Optional<TakenNumber> live = live(purpose, subject);
            if (live.isPresent()) {
                return live.get();
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            int year = now.atZone(properties.zone()).getYear();
            Optional<TakenNumber> taken;
            try {
                taken = ownTransaction.execute(status -> takeFromRanges(purpose, subject, now, year));
            } catch (DuplicateKeyException e) {
                // Another thread took a number for the same subject at the same moment; its number is the one.
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                continue;
            }
            if (taken != null && taken.isPresent()) {
                reservation.topUp(year);
                return taken.get();
            }
            if (attempt >= ATTEMPTS) {
                throw new NumberingException(
                        "NUMBERS_UNAVAILABLE",
                        true,
                        "no invoice number left in "
                                + properties.scope(year) + " after reserving " + ATTEMPTS + " times: other "
                                + "takers used them first; raise fapiao.issuer.numbering.batch",
                        null);
            }
            reservation.reserveWhenEmpty(year);
        }
    }

    private Optional<TakenNumber> takeFromRanges(NumberPurpose purpose, String subject, Instant now, int year) {
        Optional<TakenNumber> live = live(purpose, subject);
        if (live.isPresent()) {
            return live;
        }
        List<LocalRange> open = ranges.openForUpdate(properties.rangeSeries(), year);
        if (open.isEmpty()) {
            return Optional.empty();
        }
        LocalRange range = open.getFirst();
        long sequence = range.nextSequence();
        ranges.advance(range, sequence + 1);
        InvoiceNumber number = properties.number(year, sequence);
        String checkCode = purpose == NumberPurpose.BLUE ? checkCodes.derive(number.toString(), subject) : null;
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        jdbc.update(
                "insert into invoice_number (invoice_number, series, number_year, sequence_number, purpose, subject, "
                        + "check_code, state, taken_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, 'TAKEN', ?, ?)",
                number.toString(),
                number.series(),
                number.year(),
                number.sequence(),
                purpose.name(),
                subject,
                checkCode,
                at,
                at);
        jdbc.update(
                "insert into number_assignment (purpose, subject, invoice_number) values (?, ?, ?)",
                purpose.name(),
                subject,
                number.toString());
        return Optional.of(new TakenNumber(number, checkCode, purpose, subject, NumberState.TAKEN, now));
    }

    /** The number promised to {@code subject} and not void, if any. */
    public Optional<TakenNumber> live(NumberPurpose purpose, String subject) {
        return jdbc
                .query(
                        "select " + NUMBER_COLUMNS + " from number_assignment a join invoice_number n "
                                + "on n.invoice_number = a.invoice_number where a.purpose = ? and a.subject = ?",
                        Numbering::row,
                        purpose.name(),
                        subject)
                .stream()
                .findFirst();
    }

    /** What this issuer knows of {@code invoiceNumber}. */
    public Optional<TakenNumber> find(String invoiceNumber) {
        return jdbc
                .query(
                        "select " + NUMBER_COLUMNS + " from invoice_number n where n.invoice_number = ?",
                        Numbering::row,
                        invoiceNumber)
                .stream()
                .findFirst();
    }

    /** Every number taken for {@code subject}, void ones included, oldest first. */
    public List<TakenNumber> history(NumberPurpose purpose, String subject) {
        return jdbc.query(
                "select " + NUMBER_COLUMNS + " from invoice_number n where n.purpose = ? and n.subject = ? "
                        + "order by n.taken_at, n.invoice_number",
                Numbering::row,
                purpose.name(),
                subject);
    }

    /**
     * Records that the ledger holds {@code invoiceNumber} for its subject, and tells every {@link
     * UsedNumberListener} in the same transaction (the renditions of the invoice are queued so).
     */
    public void markUsed(String invoiceNumber) {
        Integer updated = joinedTransaction.execute(status -> {
            int marked = jdbc.update(
                    "update invoice_number set state = 'USED', updated_at = ? where invoice_number = ? "
                            + "and state in ('TAKEN', 'USED')",
                    OffsetDateTime.now(ZoneOffset.UTC),
                    invoiceNumber);
            if (marked == 1) {
                usedListeners.orderedStream().forEach(listener -> listener.used(invoiceNumber));
            }
            return marked;
        });
        if (updated == null || updated == 0) {
            LOG.warn(
                    "the ledger holds invoice number {}, which this issuer had not taken or had made void",
                    invoiceNumber);
        }
    }

    /**
     * Makes a taken number void: it will never be on an invoice of its subject or anyone else's, and
     * the subject's next {@link #take} gets a new number.
     *
     * @throws IllegalStateException when the number is already used on the ledger
     */
    public void voidNumber(String invoiceNumber, String reason) {
        ownTransaction.executeWithoutResult(status -> {
            int updated = jdbc.update(
                    "update invoice_number set state = 'VOID', void_reason = ?, updated_at = ? "
                            + "where invoice_number = ? and state in ('TAKEN', 'VOID')",
                    reason.length() > 500 ? reason.substring(0, 500) : reason,
                    OffsetDateTime.now(ZoneOffset.UTC),
                    invoiceNumber);
            if (updated == 0) {
                throw new IllegalStateException("invoice number " + invoiceNumber
                        + " is used on the ledger (or unknown here) and cannot be made void");
            }
            jdbc.update("delete from number_assignment where invoice_number = ?", invoiceNumber);
        });
        LOG.warn("invoice number {} is void: {}", invoiceNumber, reason);
    }

    /** The local ranges, every series and year. */
    public List<LocalRange> ranges() {
        return ranges.all();
    }

    /** Numbers left in this issuer's bill code (or series) for the current year. */
    public long remaining() {
        return ranges.remaining(
                properties.rangeSeries(),
                clock.instant().atZone(properties.zone()).getYear());
    }

    /** This issuer's numbering settings. */
    public NumberingProperties properties() {
        return properties;
    }

    private static TakenNumber row(ResultSet rs, int n) throws SQLException {
        String number = rs.getString(1);
        return new TakenNumber(
                InvoiceNumber.parse("invoiceNumber", number),
                rs.getString(2),
                NumberPurpose.valueOf(rs.getString(3)),
                rs.getString(4),
                NumberState.valueOf(rs.getString(5)),
                rs.getObject(6, OffsetDateTime.class).toInstant());
    }
}
