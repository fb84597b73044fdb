package io.fapiao.hisadapter.callback;

import io.fapiao.hisadapter.HisProperties;
import io.fapiao.hisadapter.bill.Transition;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.service.work.WorkQueue;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The status notifications still to be delivered, per bill in order. A notification is stored (table
 * {@code his_callback_outbox}: its body as it will be sent, and when it was delivered) in the
 * transaction that records its transition, so none is lost and none is sent for a transition that
 * rolled back; a bill with notifications to deliver has one item in the durable work queue
 * {@value #QUEUE} ({@link WorkQueue}, table {@code work_item}), which {@link CallbackSender} works off,
 * one notification per claim. Nothing is stored when no callback URL is configured.
 *
 * <p>One item per bill, not per notification: the bill's later notifications wait behind the first
 * one, and two workers never deliver one bill's notifications at once. The item is replaced by a fresh
 * one (its attempts from zero) for the bill's next notification. Every change of a bill's item happens
 * with the bill's row locked ({@code BillJournal#lock}), so a notification stored while the sender
 * finishes the one before is never left without an item.
 *
 * <pre>{@code
 * callbacks.queue(billKey, seq, transition);            // inside the transition's transaction
 * Optional<Delivery> next = callbacks.next(billKey);     // in the sender, for its claimed item
 * }</pre>
 */
@Component
public class CallbackOutbox {
    /** The queue's name in {@code work_item}; the sender holds its leases as {@code callback@<instance id>}. */
    public static final String QUEUE = "callback";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final boolean enabled;
    private final WorkQueue queue;

    public CallbackOutbox(JdbcTemplate jdbc, Clock clock, HisProperties properties) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.enabled = properties.callbackUrl() != null;
        this.queue = new WorkQueue(jdbc, QUEUE, properties.lease(), clock);
    }

    /** The work queue the sender claims from: one item per bill with notifications to deliver. */
    public WorkQueue queue() {
        return queue;
    }

    /**
     * Stores the notification of {@code transition}, the bill's {@code sequence}-th, and makes sure the
     * bill has an item; in the caller's transaction, which holds the bill's row lock.
     */
    public void queue(String billKey, int sequence, Transition transition) {
        if (!enabled) {
            return;
        }
        byte[] body = CanonicalJson.encode(Notification.of(billKey, sequence, transition));
        jdbc.update("insert into his_callback_outbox (bill_key, seq, body) values (?, ?, ?)", billKey, sequence, body);
        queue.add(billKey, null, null);
    }

    /** The bill's first notification not yet delivered; empty when every one is. */
    public Optional<Delivery> next(String billKey) {
        return jdbc
                .query(
                        "select id, bill_key, seq, body from his_callback_outbox where bill_key = ? "
                                + "and delivered_at is null order by id fetch first 1 rows only",
                        (rs, n) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getBytes(4)),
                        billKey)
                .stream()
                .findFirst();
    }

    /**
     * The receiver acknowledged the notification; in the caller's transaction, which holds the bill's
     * row lock. The bill's item then {@link #advance advances}.
     */
    public void delivered(Delivery delivery) {
        jdbc.update(
                "update his_callback_outbox set delivered_at = ? where id = ? and delivered_at is null",
                clock.instant().toString(),
                delivery.id());
        advance(delivery.billKey());
    }

    /**
     * Replaces the bill's item by a fresh one (due now, attempts from zero) when another notification
     * waits, else takes it out; in the caller's transaction, which holds the bill's row lock, so that a
     * notification stored by a transition at the same moment either is seen here or adds its own item.
     */
    public void advance(String billKey) {
        queue.find(billKey).ifPresent(queue::remove);
        if (next(billKey).isPresent()) {
            queue.add(billKey, null, null);
        }
    }

    /**
     * A notification to deliver.
     *
     * @param id       its row
     * @param billKey  the bill
     * @param sequence the bill's transition number
     * @param body     the JSON body to POST
     */
    public record Delivery(long id, String billKey, int sequence, byte[] body) {}
}
