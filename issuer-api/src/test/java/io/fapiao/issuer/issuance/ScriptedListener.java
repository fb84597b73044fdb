package io.fapiao.issuer.issuance;

import io.fapiao.issuer.numbering.TakenNumber;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test's hook into one subject's issuance steps: what to do when its number is taken and when the
 * ledger has committed it (before the service records it). Other subjects pass untouched.
 */
final class ScriptedListener implements IssuanceListener {
    interface Action {
        void run(TakenNumber number) throws Exception;
    }

    private volatile String subject;
    private volatile Action onNumberTaken;
    private volatile Action onCommitted;
    final AtomicReference<TakenNumber> taken = new AtomicReference<>();
    volatile CountDownLatch fired = new CountDownLatch(1);

    void when(String target, Action numberTaken, Action committed) {
        taken.set(null);
        fired = new CountDownLatch(1);
        onNumberTaken = numberTaken;
        onCommitted = committed;
        subject = target;
    }

    void clear() {
        subject = null;
    }

    @Override
    public void numberTaken(String of, TakenNumber number) {
        if (of.equals(subject)) {
            taken.compareAndSet(null, number);
            run(onNumberTaken, number);
        }
    }

    @Override
    public void committed(String of, String invoiceNumber, String transactionId) {
        if (of.equals(subject)) {
            run(onCommitted, taken.get());
        }
    }

    private void run(Action action, TakenNumber number) {
        if (action == null) {
            return;
        }
        fired.countDown();
        try {
            action.run(number);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("test hook: " + e.getMessage(), e);
        }
    }

    /** An action that blocks the issuing thread until the service stops it, as if the process died there. */
    static Action crash() {
        return number -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("simulated crash");
        };
    }
}
