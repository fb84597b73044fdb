package io.fapiao.service.work;

/**
 * One piece of work waiting in a {@link WorkQueue}: what it is about (a bill key), where it came from
 * on the ledger, and how often it was tried.
 *
 * <pre>{@code
 * void handle(WorkItem item) throws Exception {
 *     BillKey billKey = BillKey.parse(item.key());
 *     ...
 * }
 * }</pre>
 *
 * @param queue              the queue's name
 * @param key                what the work is about, unique in its queue (e.g. a bill key)
 * @param sequence           the order in which items were added, across the queue
 * @param eventTransactionId the ledger transaction whose event added the item, or null
 * @param eventBlockNumber   that transaction's block, or null
 * @param attempts           failed attempts so far (0 on the first try)
 */
public record WorkItem(
        String queue, String key, long sequence, String eventTransactionId, Long eventBlockNumber, int attempts) {}
