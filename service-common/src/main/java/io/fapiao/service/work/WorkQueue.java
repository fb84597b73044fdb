package io.fapiao.service.work;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Durable work items of one named queue, in the service's table {@code work_item} (created by the
 * common migrations, {@code db/migration/common/V30__work_item.sql}, which every service runs). An event handler {@link #add adds} an item in the transaction that advances its
 * event checkpoint, so an event is turned into work exactly once and never lost; a {@link WorkerPool}
 * then claims items and does the slow part concurrently.
 *
 * <p>A claim is a lease: a conditional update that only one caller (thread or process on the same
 * database) wins, valid until it expires, so the work of a crashed worker is taken up again. Items
 * are never given up: a failed one is put back with a later due time. The work done for an item must
 * therefore be idempotent; removing the item in the same transaction as the work's local record makes
 * the record exactly-once.
 *
 * <pre>{@code
 * WorkQueue queue = new WorkQueue(jdbc, "verification", Duration.ofMinutes(2));
 * transactions.executeWithoutResult(s -> queue.add(billKey, event.transactionId(), event.blockNumber()));
 * Optional<WorkItem> item = queue.claim(owner);
 * }</pre>
 */
public final class WorkQueue {
    private static final String COLUMNS = "queue, item_key, seq, event_transaction_id, event_block_number, attempts";
    /** How many due items one claim looks at: enough that concurrent workers seldom all want the same one. */
    private static final int CANDIDATES = 16;

    private final JdbcTemplate jdbc;
    private final String name;
    private final Duration lease;
    private final Clock clock;
    private final Semaphore arrivals = new Semaphore(0);

    public WorkQueue(JdbcTemplate jdbc, String name, Duration lease) {
        this(jdbc, name, lease, Clock.systemUTC());
    }

    public WorkQueue(JdbcTemplate jdbc, String name, Duration lease, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.name = Objects.requireNonNull(name, "name");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the lease of queue " + name + " must be positive, not " + lease);
        }
    }

    /** How long a claim holds an item. */
    public Duration lease() {
        return lease;
    }

    /** The queue's name in {@code work_item}. */
    public String name() {
        return name;
    }

    /**
     * Adds an item for {@code key} unless one is waiting already; joins the caller's transaction. The
     * workers of this process are woken once it commits.
     *
     * @return whether an item was added
     */
    public boolean add(String key, String eventTransactionId, Long eventBlockNumber) {
        // Look, then insert: the callers add from one thread (an event consumer), and a race with another
        // process adding the same key fails the caller's transaction on the primary key, to be tried again.
        if (find(key).isPresent()) {
            return false;
        }
        long now = clock.millis();
        int added = jdbc.update(
                "insert into work_item (queue, item_key, event_transaction_id, event_block_number, "
                        + "added_at, next_attempt_at, attempts) values (?, ?, ?, ?, ?, ?, 0)",
                name,
                key,
                eventTransactionId,
                eventBlockNumber,
                now,
                now);
        if (added == 1) {
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        arrivals.release();
                    }
                });
            } else {
                arrivals.release();
            }
        }
        return added == 1;
    }

    /** Claims the oldest due item nobody holds, for {@code owner} until the lease expires; empty when none is due. */
    public Optional<WorkItem> claim(String owner) {
        long now = clock.millis();
        List<WorkItem> due = jdbc.query(
                "select " + COLUMNS + " from work_item where queue = ? and next_attempt_at <= ? "
                        + "and (lease_until is null or lease_until < ?) order by seq fetch first " + CANDIDATES
                        + " rows only",
                (rs, n) -> item(rs),
                name,
                now,
                now);
        for (WorkItem item : due) {
            int claimed = jdbc.update(
                    "update work_item set lease_owner = ?, lease_until = ? where queue = ? "
                            + "and item_key = ? and seq = ? and (lease_until is null or lease_until < ?)",
                    owner,
                    now + lease.toMillis(),
                    name,
                    item.key(),
                    item.sequence(),
                    now);
            if (claimed == 1) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    /**
     * Takes the item out: its work is done (or can never be done). Joins the caller's transaction, so
     * it commits with the work's own record. Removing an item already removed changes nothing.
     */
    public void remove(WorkItem item) {
        jdbc.update(
                "delete from work_item where queue = ? and item_key = ? and seq = ?",
                name,
                item.key(),
                item.sequence());
    }

    /**
     * Gives the item back, due again after {@code wait}; counts a failed attempt with its code unless
     * {@code errorCode} is null (the work only had to wait).
     */
    public void retryLater(WorkItem item, String owner, Duration wait, String errorCode) {
        jdbc.update(
                "update work_item set next_attempt_at = ?, lease_owner = null, lease_until = null, "
                        + "attempts = attempts + ?, last_error = coalesce(?, last_error) "
                        + "where queue = ? and item_key = ? and seq = ? and lease_owner = ?",
                clock.millis() + wait.toMillis(),
                errorCode == null ? 0 : 1,
                truncate(errorCode),
                name,
                item.key(),
                item.sequence(),
                owner);
    }

    /** Gives back every item {@code owner} holds, so that a restarted service need not wait for their leases. */
    public void release(String owner) {
        jdbc.update(
                "update work_item set lease_owner = null, lease_until = null where queue = ? and lease_owner = ?",
                name,
                owner);
    }

    /** How many items wait, held or not. */
    public int size() {
        Integer count = jdbc.queryForObject("select count(*) from work_item where queue = ?", Integer.class, name);
        return count == null ? 0 : count;
    }

    /** The item waiting for {@code key}, if any. */
    public Optional<WorkItem> find(String key) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from work_item where queue = ? and item_key = ?",
                        (rs, n) -> item(rs),
                        name,
                        key)
                .stream()
                .findFirst();
    }

    /**
     * Waits until an item is added in this process or {@code timeout} passes.
     *
     * @return whether an item was added meanwhile
     */
    boolean awaitArrival(Duration timeout) throws InterruptedException {
        return arrivals.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Forgets the arrivals signalled so far: the caller is about to look at the table anyway. */
    void forgetArrivals() {
        arrivals.drainPermits();
    }

    /** Wakes {@code waiters} workers waiting in {@link #awaitArrival}, e.g. to let them see that they must stop. */
    void wake(int waiters) {
        arrivals.release(waiters);
    }

    private static WorkItem item(java.sql.ResultSet rs) throws java.sql.SQLException {
        long block = rs.getLong(5);
        Long blockNumber = rs.wasNull() ? null : block;
        return new WorkItem(
                rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), blockNumber, rs.getInt(6));
    }

    private static String truncate(String code) {
        return code == null || code.length() <= 200 ? code : code.substring(0, 200);
    }

    @Override
    public String toString() {
        return "WorkQueue[" + name + "]";
    }
}
