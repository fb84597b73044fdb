package io.fapiao.hisadapter.bill;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code GET /v1/bills/{billKey}} answers: where the bill stands and every step that led there.
 * The bill's contents are not repeated.
 *
 * <pre>{@code
 * {"billKey":"91110108MA01ABCD2X:MZ0001","status":"VERIFIED","suite":"INTL","attempts":1,
 *  "transactionId":"9c1e...","blockNumber":7,
 *  "transitions":[{"status":"RECEIVED","at":"..."},{"status":"QUEUED","at":"..."},
 *                 {"status":"SUBMITTED","at":"...","transactionId":"...","blockNumber":5},
 *                 {"status":"VERIFIED","at":"...","transactionId":"9c1e...","blockNumber":7,"reasonCodes":[]}]}
 * }</pre>
 *
 * @param billKey       {@code <uscc>:<billId>}
 * @param status        the current status
 * @param suite         INTL or GM
 * @param receivedAt    when the adapter stored it
 * @param attempts      submission attempts made so far
 * @param lastError     the code of the last failed attempt, or why the bill FAILED
 * @param transactionId the last ledger transaction that moved it
 * @param blockNumber   that transaction's block, when known
 * @param invoiceNumber the invoice it was issued as
 * @param transitions   every step, oldest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BillStatusView(
        String billKey,
        BillStatus status,
        String suite,
        String receivedAt,
        int attempts,
        String lastError,
        String transactionId,
        Long blockNumber,
        String invoiceNumber,
        List<Transition> transitions) {}
