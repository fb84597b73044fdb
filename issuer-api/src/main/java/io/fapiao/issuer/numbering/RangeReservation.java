package io.fapiao.issuer.numbering;

import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.History;
import io.fapiao.protocol.ledger.HistoryEntry;
import io.fapiao.protocol.ledger.InvoiceNumber;
import io.fapiao.protocol.ledger.NumberRange;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Reserves number ranges on the ledger for this issuer's bill code of the year (ReserveBillCodeRange)
 * or, in an old deployment, its series and year (ReserveNumberRange): in the
 * background as soon as fewer than the low-water mark remain, and on the caller's path only when
 * nothing is left. A reservation whose reply was lost (a crash right after the commit) is learnt
 * from its NumberRangeReserved event, so reserved numbers are not silently skipped.
 *
 * <pre>{@code
 * reservation.topUp(2026);               // returns at once; reserves in the background if low
 * reservation.reserveWhenEmpty(2026);    // blocks; throws NumberingException if the ledger refuses
 * }</pre>
 */
@Component
public class RangeReservation implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(RangeReservation.class);

    private final FapiaoLedger ledger;
    private final RangeTable ranges;
    private final NumberingProperties properties;
    private final ReentrantLock reserving = new ReentrantLock();
    private final AtomicBoolean aheadPending = new AtomicBoolean();
    private final ExecutorService background = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("number-reservation").daemon(true).factory());

    RangeReservation(FapiaoLedger ledger, RangeTable ranges, NumberingProperties properties) {
        this.ledger = ledger;
        this.ranges = ranges;
        this.properties = properties;
    }

    /** Starts a background reservation when fewer than the low-water mark remain for {@code year}. */
    public void topUp(int year) {
        if (ranges.remaining(properties.rangeSeries(), year) >= properties.lowWater()
                || !aheadPending.compareAndSet(false, true)) {
            return;
        }
        try {
            background.execute(() -> {
                try {
                    reserving.lock();
                    try {
                        if (ranges.remaining(properties.rangeSeries(), year) < properties.lowWater()) {
                            reserve(year, "AHEAD");
                        }
                    } finally {
                        reserving.unlock();
                    }
                } catch (LedgerException | RuntimeException e) {
                    // The next number taken tries again; the caller's path reserves if it comes to nothing left.
                    LOG.warn("reserving numbers ahead for {} failed: {}", properties.scope(year), e.getMessage());
                } finally {
                    aheadPending.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            aheadPending.set(false); // shutting down
        }
    }

    /** Reserves a batch now unless some numbers of {@code year} are left (perhaps reserved meanwhile). */
    public void reserveWhenEmpty(int year) throws NumberingException {
        reserving.lock();
        try {
            if (ranges.remaining(properties.rangeSeries(), year) > 0) {
                return;
            }
            reserve(year, "DEMAND");
        } catch (ChaincodeRejection e) {
            throw new NumberingException(
                    e.code(),
                    false,
                    "the ledger refused to reserve " + properties.batch() + " numbers of " + properties.scope(year)
                            + ": " + e.getMessage(),
                    e);
        } catch (LedgerException e) {
            throw new NumberingException(
                    "NUMBERS_UNAVAILABLE",
                    true,
                    "no invoice numbers left in "
                            + properties.scope(year) + " and the ledger cannot reserve more now: "
                            + e.getMessage(),
                    e);
        } finally {
            reserving.unlock();
        }
    }

    private void reserve(int year, String reason) throws LedgerException {
        Recorded<NumberRange> reserved = properties.form() == InvoiceNumber.Form.BILL_CODE
                ? ledger.reserveBillCodeRange(
                        properties.issuerId(), properties.number(year, 1).billCode(), properties.batch())
                : ledger.reserveNumberRange(properties.issuerId(), properties.series(), year, properties.batch());
        ranges.record(reserved.value(), reason, reserved.transactionId());
        LOG.info(
                "reserved invoice numbers {}..{} ({}) in tx {}",
                reserved.value().first(),
                reserved.value().last(),
                reason,
                reserved.transactionId());
    }

    /**
     * Learns a range from a NumberRangeReserved event: kept when it is of this issuer id, bill-code
     * prefix (or series) and number form, reserved by this service's own MSP (read from the range's history, since the event does not
     * name the MSP), and not yet known.
     */
    public void learn(String issuerId, String series, int year, long start, String key, String transactionId)
            throws LedgerException {
        if (!properties.issuerId().equals(issuerId)
                || !properties.rangeSeries().equals(series)
                || ranges.has(series, year, start)) {
            return;
        }
        History history = ledger.history(key);
        List<HistoryEntry> versions = history.versions();
        if (versions.isEmpty() || versions.getLast().value() == null) {
            return;
        }
        NumberRange range;
        try {
            range = Json.bind(versions.getLast().value(), NumberRange.class);
        } catch (ProtocolException e) {
            LOG.warn("range {} on the ledger does not read as a NumberRange: {}", key, e.getMessage());
            return;
        }
        if (range.numberForm() != properties.form()) {
            LOG.warn(
                    "range {} on the ledger is of the {} form, this issuer numbers in the {} form; not used",
                    key,
                    range.numberForm(),
                    properties.form());
            return;
        }
        if (range.mspId().equals(ledger.ledger().settings().mspId())) {
            ranges.record(range, "EVENT", transactionId);
            LOG.info(
                    "learnt invoice numbers {}..{} from the ledger's event of tx {}",
                    range.first(),
                    range.last(),
                    transactionId);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        background.shutdownNow();
        background.awaitTermination(5, TimeUnit.SECONDS);
    }
}
