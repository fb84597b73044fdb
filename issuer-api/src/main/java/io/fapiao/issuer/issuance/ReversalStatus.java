package io.fapiao.issuer.issuance;

import java.time.Instant;

/**
 * This service's record of one red-letter reversal.
 *
 * <pre>{@code
 * ReversalStatus reversal = issuance.reverse("44010126-0000000001", "SALES_RETURN");
 * reversal.redInvoiceNumber();   // 44010126-0000000007
 * }</pre>
 *
 * @param invoiceNumber    the reversed (blue) invoice
 * @param reasonCode       why, {@code [A-Z][A-Z0-9_]{0,63}}
 * @param state            NUMBERED, ISSUED (the reversal is on the ledger) or FAILED
 * @param redInvoiceNumber the red-letter invoice's number
 * @param documentHash     SHA-256 of the red-letter document, hex
 * @param transactionId    the ReverseInvoice transaction
 * @param blockNumber      its block (null when reconciled from the ledger)
 * @param failureCode      why it failed (FAILED)
 * @param failureDetail    the failure, for people
 * @param createdAt        first asked for
 * @param updatedAt        last changed
 */
public record ReversalStatus(
        String invoiceNumber,
        String reasonCode,
        IssuanceState state,
        String redInvoiceNumber,
        String documentHash,
        String transactionId,
        Long blockNumber,
        String failureCode,
        String failureDetail,
        Instant createdAt,
        Instant updatedAt) {}
