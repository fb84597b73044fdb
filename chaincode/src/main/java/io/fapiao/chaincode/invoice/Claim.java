package io.fapiao.chaincode.invoice;

import io.fapiao.chaincode.ledger.Provenance;

/**
 * An insurer's or employer's one claim on an invoice for reimbursement.
 *
 * <pre>{@code
 * Optional<Claim> claim = ledger.read(Keys.claim(number), Claim.class);
 * }</pre>
 *
 * @param invoiceNumber the claimed invoice
 * @param claimantId    the claimant's own id for the claim (policy, employee or case number)
 * @param purpose       what the claim is for, for people
 * @param written       who claimed it and when (MSP, certificate fingerprint, tx id, timestamp)
 */
public record Claim(String invoiceNumber, String claimantId, String purpose, Provenance written) {}
