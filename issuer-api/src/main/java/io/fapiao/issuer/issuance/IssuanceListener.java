package io.fapiao.issuer.issuance;

import io.fapiao.issuer.numbering.TakenNumber;

/**
 * Told of an issuance's steps as they happen, on the issuing thread: for metrics, audit logs and
 * tests that stop the service at a precise point. A listener that throws stops that attempt there,
 * as a crash would; the next attempt resumes from what was stored. Every {@code IssuanceListener}
 * bean is called.
 *
 * <pre>{@code
 * @Bean IssuanceListener issuedCounter(MeterRegistry meters) {
 *     return new IssuanceListener() {
 *         @Override public void recorded(String billKey, String invoiceNumber, String transactionId) {
 *             meters.counter("fapiao.invoices.issued").increment();
 *         }
 *     };
 * }
 * }</pre>
 */
public interface IssuanceListener {

    /** A number is promised to the bill (or to a reversal: {@code subject} is then the blue number). */
    default void numberTaken(String subject, TakenNumber number) {}

    /** The ledger committed the issuance or reversal; this service has not recorded it yet. */
    default void committed(String subject, String invoiceNumber, String transactionId) {}

    /** This service recorded the issuance or reversal as done. */
    default void recorded(String subject, String invoiceNumber, String transactionId) {}
}
