package io.fapiao.hisadapter.callback;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fapiao.hisadapter.bill.Transition;
import java.util.List;

/**
 * The body of a status callback: one transition of one bill. {@code sequence} counts the bill's
 * transitions from 1, so a receiver can tell a repeat (same sequence) from a new step and notice a gap.
 *
 * <pre>{@code
 * {"at":"2026-05-01T08:00:01.123Z","billKey":"91110108MA01ABCD2X:MZ0001","blockNumber":12,
 *  "sequence":3,"status":"SUBMITTED","transactionId":"4f0c..."}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notification(
        String billKey,
        int sequence,
        String status,
        String at,
        String transactionId,
        Long blockNumber,
        List<String> reasonCodes,
        String invoiceNumber,
        String redInvoiceNumber,
        String errorCode) {

    static Notification of(String billKey, int sequence, Transition t) {
        return new Notification(
                billKey,
                sequence,
                t.status().name(),
                t.at(),
                t.transactionId(),
                t.blockNumber(),
                t.reasonCodes(),
                t.invoiceNumber(),
                t.redInvoiceNumber(),
                t.errorCode());
    }
}
