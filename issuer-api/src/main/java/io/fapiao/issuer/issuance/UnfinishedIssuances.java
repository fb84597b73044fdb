package io.fapiao.issuer.issuance;

import io.fapiao.protocol.ledger.BillKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * After a restart, finishes what the last run left half done: bills and reversals with a number but
 * no ledger confirmation ({@code NUMBERED}). The event consumer would redo an event-driven issuance
 * anyway; this covers the on-demand ones, whose caller may never retry. Runs once, in the background,
 * after the service has started; a failure that may pass is logged and left for the next start or the
 * next call.
 *
 * <pre>{@code
 * // nothing to call: a bean that runs at start-up
 * }</pre>
 */
@Component
public class UnfinishedIssuances implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedIssuances.class);

    private final Issuance issuance;
    private final ReversalRecords reversals;
    private volatile Thread worker;

    UnfinishedIssuances(Issuance issuance, ReversalRecords reversals) {
        this.issuance = issuance;
        this.reversals = reversals;
    }

    @Override
    public synchronized void start() {
        if (worker == null) {
            worker = Thread.ofVirtual().name("unfinished-issuances").start(this::finish);
        }
    }

    private void finish() {
        for (IssuanceStatus unfinished : issuance.inState(IssuanceState.NUMBERED)) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                issuance.issue(BillKey.parse(unfinished.billKey()));
            } catch (IssuanceException e) {
                LOG.warn("unfinished issuance of {} not completed: {}", unfinished.billKey(), e.code());
            } catch (RuntimeException e) {
                LOG.warn("unfinished issuance of {} not completed", unfinished.billKey(), e);
            }
        }
        for (ReversalStatus unfinished : reversals.inState(IssuanceState.NUMBERED)) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                issuance.reverse(unfinished.invoiceNumber(), unfinished.reasonCode());
            } catch (IssuanceException e) {
                LOG.warn("unfinished reversal of {} not completed: {}", unfinished.invoiceNumber(), e.code());
            } catch (RuntimeException e) {
                LOG.warn("unfinished reversal of {} not completed", unfinished.invoiceNumber(), e);
            }
        }
    }

    @Override
    public synchronized void stop() {
        Thread running = worker;
        worker = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
