package io.fapiao.hisadapter.bill;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One step of a bill's life as this adapter saw it. Ledger steps carry the transaction, its block
 * and the ledger's timestamp; the adapter's own steps carry the adapter's clock.
 *
 * <pre>{@code
 * Transition verified = Transition.onLedger(BillStatus.VERIFIED, at, txId, block).withReasonCodes(codes);
 * }</pre>
 *
 * @param status           the status entered
 * @param at               when, ISO-8601
 * @param transactionId    the ledger transaction, for ledger steps
 * @param blockNumber      its block, when known
 * @param reasonCodes      the verdict's or reversal's reason codes
 * @param invoiceNumber    the invoice (ISSUED, CLAIMED, REVERSED)
 * @param redInvoiceNumber the red-letter invoice (REVERSED)
 * @param errorCode        why the bill FAILED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Transition(
        BillStatus status,
        String at,
        String transactionId,
        Long blockNumber,
        List<String> reasonCodes,
        String invoiceNumber,
        String redInvoiceNumber,
        String errorCode) {

    public Transition {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        reasonCodes = reasonCodes == null ? null : List.copyOf(reasonCodes);
    }

    /** A step of the adapter's own. */
    public static Transition local(BillStatus status, String at) {
        return new Transition(status, at, null, null, null, null, null, null);
    }

    /** A step the ledger recorded. */
    public static Transition onLedger(BillStatus status, String at, String transactionId, Long blockNumber) {
        return new Transition(status, at, transactionId, blockNumber, null, null, null, null);
    }

    public Transition withReasonCodes(List<String> codes) {
        return new Transition(
                status, at, transactionId, blockNumber, codes, invoiceNumber, redInvoiceNumber, errorCode);
    }

    public Transition withInvoice(String number, String redNumber) {
        return new Transition(status, at, transactionId, blockNumber, reasonCodes, number, redNumber, errorCode);
    }

    public Transition withErrorCode(String code) {
        return new Transition(
                status, at, transactionId, blockNumber, reasonCodes, invoiceNumber, redInvoiceNumber, code);
    }
}
