package io.fapiao.issuer.issuance;

import java.time.Instant;

/**
 * This service's record of one bill's issuance.
 *
 * <pre>{@code
 * IssuanceStatus status = issuance.issue(BillKey.parse("91110000MA01ABCD2X:MZ0001"));
 * status.invoiceNumber();   // 44010126-0000000001
 * }</pre>
 *
 * @param billKey        the bill
 * @param state          NUMBERED, ISSUED or FAILED
 * @param invoiceNumber  its number (NUMBERED, ISSUED)
 * @param checkCode      the number's check code (null when recorded from the ledger, which holds only its
 *                       digest, without this issuer's record of the number)
 * @param documentHash   SHA-256 of the signed document, hex, once stored
 * @param transactionId  the IssueInvoice transaction (ISSUED)
 * @param blockNumber    its block, when this service saw the commit (null when reconciled from the ledger)
 * @param origin         HERE (issued by this service) or LEDGER (found issued on the ledger)
 * @param failureCode    why it failed (FAILED)
 * @param failureDetail  the failure, for people
 * @param createdAt      first seen
 * @param updatedAt      last changed
 */
public record IssuanceStatus(
        String billKey,
        IssuanceState state,
        String invoiceNumber,
        String checkCode,
        String documentHash,
        String transactionId,
        Long blockNumber,
        String origin,
        String failureCode,
        String failureDetail,
        Instant createdAt,
        Instant updatedAt) {}
