package io.fapiao.hisadapter.callback;

import io.fapiao.hisadapter.HisProperties;
import io.fapiao.hisadapter.bill.Transition;
import io.fapiao.protocol.json.CanonicalJson;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The durable queue of status notifications (table {@code his_callback_outbox}). A notification is
 * queued in the transaction that records its transition, so none is lost and none is sent for a
 * transition that rolled back; {@link CallbackSender} delivers them, per bill in order. Nothing is
 * queued when no callback URL is configured.
 *
 * <pre>{@code
 * callbacks.queue(billKey, seq, transition);            // inside the transition's transaction
 * Optional<Delivery> next = callbacks.claim(owner);     // in the sender
 * }</pre>
 */
@Component
public class CallbackOutbox {
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final boolean enabled;
    private final Duration lease;

    public CallbackOutbox(JdbcTemplate jdbc, Clock clock, HisProperties properties) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.enabled = properties.callbackUrl() != null;
        this.lease = properties.lease();
    }

    /** Queues the notification of {@code transition}, the bill's {@code sequence}-th. */
    public void queue(String billKey, int sequence, Transition transition) {
        if (!enabled) {
            return;
        }
        byte[] body = CanonicalJson.encode(Notification.of(billKey, sequence, transition));
        jdbc.update("insert into his_callback_outbox (bill_key, seq, body, next_attempt_at, attempts) "
                + "values (?, ?, ?, ?, 0)", billKey, sequence, body, clock.millis());
    }

    /**
     * Claims the oldest due notification that is first in its bill's queue and not leased by
     * another sender; empty when there is none. The claim is a conditional update, so two senders
     * (in this process or another) never hold the same row.
     */
    public java.util.Optional<Delivery> claim(String owner) {
        long now = clock.millis();
        List<Delivery> candidates = jdbc.query(
                "select o.id, o.bill_key, o.seq, o.body, o.attempts from his_callback_outbox o "
                        + "where o.delivered_at is null and o.next_attempt_at <= ? "
                        + "and (o.lease_until is null or o.lease_until < ?) "
                        + "and not exists (select 1 from his_callback_outbox p where p.bill_key = o.bill_key "
                        + "and p.delivered_at is null and p.id < o.id) "
                        + "order by o.next_attempt_at, o.id fetch first 10 rows only",
                (rs, n) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getBytes(4), rs.getInt(5)),
                now, now);
        for (Delivery candidate : candidates) {
            int claimed = jdbc.update("update his_callback_outbox set lease_owner = ?, lease_until = ? "
                            + "where id = ? and delivered_at is null and (lease_until is null or lease_until < ?)",
                    owner, now + lease.toMillis(), candidate.id(), now);
            if (claimed == 1) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /** The receiver acknowledged the notification. */
    public void delivered(Delivery delivery, String owner) {
        jdbc.update("update his_callback_outbox set delivered_at = ?, lease_owner = null, lease_until = null, "
                        + "attempts = attempts + 1, last_error = null where id = ? and lease_owner = ?",
                clock.instant().toString(), delivery.id(), owner);
    }

    /** The attempt failed; try again after {@code wait}. */
    public void failed(Delivery delivery, String owner, String error, Duration wait) {
        jdbc.update("update his_callback_outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
                        + "lease_owner = null, lease_until = null where id = ? and lease_owner = ?",
                truncate(error), clock.millis() + wait.toMillis(), delivery.id(), owner);
    }

    /** Gives back every row {@code owner} holds, so a restarted sender need not wait for leases to expire. */
    public void release(String owner) {
        jdbc.update("update his_callback_outbox set lease_owner = null, lease_until = null where lease_owner = ?",
                owner);
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 200 ? error : error.substring(0, 200);
    }

    /**
     * A claimed notification.
     *
     * @param id       its row
     * @param billKey  the bill
     * @param sequence the bill's transition number
     * @param body     the JSON body to POST
     * @param attempts attempts made before this one
     */
    public record Delivery(long id, String billKey, int sequence, byte[] body, int attempts) {}
}
