package io.fapiao.issuer.claims;

/**
 * A recorded claim, as {@code POST /v1/invoices/{number}/claims} answers it.
 *
 * <pre>{@code
 * {"invoiceNumber":"HN01-2026-00000042","claimantId":"POLICY-7781","purpose":"outpatient reimbursement",
 *  "claimedAt":"2026-03-01T08:00:00Z","claimedBy":"IssuerOrgMSP","transactionId":"ab12...","blockNumber":17}
 * }</pre>
 *
 * @param invoiceNumber the claimed invoice
 * @param claimantId the claimant's reference
 * @param purpose what the claim is for
 * @param claimedAt the ledger transaction's time
 * @param claimedBy the MSP of the claimant identity
 * @param transactionId the ledger transaction that recorded the claim
 * @param blockNumber the block that holds it
 */
public record ClaimView(
        String invoiceNumber,
        String claimantId,
        String purpose,
        String claimedAt,
        String claimedBy,
        String transactionId,
        long blockNumber) {}
