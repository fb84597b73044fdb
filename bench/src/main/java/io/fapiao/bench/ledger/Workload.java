package io.fapiao.bench.ledger;

import io.fapiao.bench.floor.FloorContract;
import io.fapiao.ledger.client.Committed;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.seal.BillSealer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one transaction of a run does. Arguments are prepared before the clock starts (sealing is the
 * hospital's cost, not the ledger's).
 *
 * <ul>
 *   <li>{@link #SUBMIT_BILL}: the Fapiao contract's {@code SubmitBill} of a freshly sealed outpatient bill
 *       (role and registration checks, the seal's digest and signature, duplicate check, one bill
 *       written, one event);</li>
 *   <li>{@link #PUT_STATE}: the engine's floor, {@link FloorContract#PUT_STATE}: one {@code putState} of a
 *       64-byte value and nothing else.</li>
 * </ul>
 *
 * <pre>{@code
 * List<String> bills = Workload.SUBMIT_BILL.prepare(submitter, recipients, 100);
 * Committed done = Workload.SUBMIT_BILL.submit(submitter, bills.get(0));
 * }</pre>
 */
public enum Workload {
    SUBMIT_BILL("SubmitBill") {
        @Override
        public List<String> prepare(Submitter submitter, List<X509Certificate> recipients, int count) {
            List<String> bills = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                bills.add(seal(submitter, recipients, SEEDS.getAndIncrement()));
            }
            return bills;
        }

        @Override
        public Committed submit(Submitter submitter, String argument) throws LedgerException {
            return submitter.ledger().submit("SubmitBill", argument);
        }
    },
    PUT_STATE("PutState") {
        @Override
        public List<String> prepare(Submitter submitter, List<X509Certificate> recipients, int count) {
            List<String> values = new ArrayList<>(count);
            byte[] bytes = new byte[32];
            for (int i = 0; i < count; i++) {
                ThreadLocalRandom.current().nextBytes(bytes);
                values.add(HexFormat.of().formatHex(bytes));
            }
            return values;
        }

        @Override
        public Committed submit(Submitter submitter, String argument) throws LedgerException {
            return submitter.floor().submit(FloorContract.PUT_STATE, argument);
        }
    };

    /**
     * Bill seeds are never reused within a run, and start from the clock so that a network the bench
     * attaches to again sees new bill ids.
     */
    private static final AtomicLong SEEDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private final String label;

    Workload(String label) {
        this.label = label;
    }

    /** The name in tables and on the command line: {@code SubmitBill} or {@code PutState}. */
    public String label() {
        return label;
    }

    /** The arguments of {@code count} transactions of {@code submitter}. */
    public abstract List<String> prepare(Submitter submitter, List<X509Certificate> recipients, int count);

    /** Endorses, orders and waits for the commit of one transaction with {@code argument}. */
    public abstract Committed submit(Submitter submitter, String argument) throws LedgerException;

    /** The workload called {@code label} (case-insensitive). */
    public static Workload of(String label) {
        for (Workload w : values()) {
            if (w.label.equalsIgnoreCase(label.trim())) {
                return w;
            }
        }
        throw new IllegalArgumentException("no transaction " + label + "; SubmitBill or PutState");
    }

    /** One outpatient bill of {@code submitter}, sealed for {@code recipients}, as JSON. */
    static String seal(Submitter submitter, List<X509Certificate> recipients, long seed) {
        try {
            return new String(
                    BillSealer.seal(SampleBills.outpatient(seed, submitter.uscc()), submitter.sealer(), recipients)
                            .toJson(),
                    StandardCharsets.UTF_8);
        } catch (ProtocolException e) {
            throw new IllegalStateException("cannot seal a sample bill: " + e.getMessage(), e);
        }
    }
}
