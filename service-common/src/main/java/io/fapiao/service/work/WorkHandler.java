package io.fapiao.service.work;

/**
 * The slow part of a queue's work, done by a {@link WorkerPool} on one claimed item at a time per
 * worker (several items at once across the pool). Returning means done: the pool removes the item.
 * Throwing means "not now": the pool puts the item back and tries it again later, without end; a
 * {@link WorkDeferred} waits without counting as a failure. A handler must be idempotent: after a
 * crash, or an expired lease, the same item comes again. When the pool stops, a worker still busy
 * after a grace period is interrupted: a handler that finds its thread interrupted writes nothing more
 * (the database may be closing, and an interrupt inside an H2 write closes its file) and throws; the
 * item is taken up again on the next start.
 *
 * <pre>{@code
 * WorkHandler issue = item -> issuance.issue(BillKey.parse(item.key()));
 * }</pre>
 */
@FunctionalInterface
public interface WorkHandler {

    /** Does the work of {@code item}; throws when it must be tried again later. */
    void handle(WorkItem item) throws Exception;
}
