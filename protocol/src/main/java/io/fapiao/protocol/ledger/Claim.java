package io.fapiao.protocol.ledger;

/**
 * An insurer's or employer's one claim on an invoice for reimbursement.
 *
 * <pre>{@code
 * Claim claim = fapiaoLedger.claimInvoice(number, "policy-77", "reimbursement").value();
 * }</pre>
 *
 * @param invoiceNumber the claimed invoice
 * @param claimantId    the claimant's own id for the claim (policy, employee or case number)
 * @param purpose       what the claim is for, for people
 * @param written       who claimed it and when (MSP, certificate fingerprint, tx id, timestamp)
 */
public record Claim(String invoiceNumber, String claimantId, String purpose, Provenance written) {}
