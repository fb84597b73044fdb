package io.fapiao.bench.lifecycle;

/**
 * The stages of one bill's lifecycle the generator timestamps, each measured from the moment the bill
 * was due to be sent (open loop) or was sent (closed loop).
 *
 * <pre>{@code
 * long micros = trace.micros(Stage.ISSUED);
 * }</pre>
 */
public enum Stage {
    /** The his-adapter answered 202: the bill is durable at the hospital's side. */
    ACCEPTED("accepted"),
    /** SubmitBill committed: the ledger's {@code BillSubmitted} event reached the generator. */
    COMMITTED("committed"),
    /** The finance bureau's verdict committed: {@code BillVerified}. */
    VERIFIED("verified"),
    /** The invoice was issued on the ledger: {@code InvoiceIssued}; the lifecycle is complete. */
    ISSUED("issued");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
