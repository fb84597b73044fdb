package io.fapiao.issuer.requests;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Where an invoice request is: {@code RECEIVED} (sealed and stored here, not yet on the ledger),
 * then the ledger's {@code SUBMITTED}, {@code VERIFIED} or {@code REJECTED} (with the finance bureau's
 * reason codes), {@code ISSUED} (with the invoice number) or {@code REVERSED}.
 *
 * <pre>{@code
 * {"billKey":"91350100M000100Y43:ORD-20260301-000042","requestId":"ORD-20260301-000042","status":"ISSUED",
 *  "invoiceNumber":"HN01-2026-00000007","statusUrl":"/v1/requests/91350100M000100Y43:ORD-20260301-000042",
 *  "invoiceUrl":"/v1/invoices/HN01-2026-00000007"}
 * }</pre>
 *
 * @param billKey the request's key on the ledger: {@code <seller USCC>:<requestId>}
 * @param requestId the client's request id
 * @param status RECEIVED, SUBMITTED, VERIFIED, REJECTED, ISSUED or REVERSED
 * @param reasonCodes the finance bureau's reasons (REJECTED; also any notes on VERIFIED)
 * @param invoiceNumber the invoice it became (ISSUED, REVERSED)
 * @param transactionId the SubmitBill transaction
 * @param statusUrl where to ask again
 * @param invoiceUrl the invoice, once issued
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestStatus(
        String billKey,
        String requestId,
        String status,
        List<String> reasonCodes,
        String invoiceNumber,
        String transactionId,
        String statusUrl,
        String invoiceUrl) {}
