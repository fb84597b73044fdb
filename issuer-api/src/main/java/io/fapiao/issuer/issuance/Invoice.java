package io.fapiao.issuer.issuance;

import io.fapiao.protocol.ledger.Claim;
import io.fapiao.protocol.ledger.InvoiceKind;
import io.fapiao.protocol.ledger.InvoiceState;
import java.time.Instant;

/**
 * An invoice issued by this service, blue or red, as {@code GET /v1/invoices/{number}} shows it.
 * {@link Invoices#find} fills it from this service's records; {@link Invoices#current} also reads
 * the ledger's record, whose state may be CLAIMED and which carries the claim.
 *
 * <pre>{@code
 * Invoice invoice = invoices.current("44010126-0000000001").orElseThrow();
 * if (invoice.state() == InvoiceState.CLAIMED) { ... invoice.claim().claimantId() ... }
 * }</pre>
 *
 * @param invoiceNumber    the number
 * @param kind             BLUE or RED
 * @param state            ISSUED or REVERSED here; from the ledger also CLAIMED
 * @param billKey          the bill it was issued for
 * @param checkCode        the check code (blue; null when recorded from the ledger without its number's row here)
 * @param documentHash     SHA-256 of the signed document, hex: the ledger's documentHash
 * @param transactionId    the IssueInvoice (blue) or ReverseInvoice (red) transaction
 * @param blockNumber      its block, when known
 * @param issuedAt         when the number was taken (the document's issue time), when known
 * @param origin           HERE (issued by this service, document held) or LEDGER (recorded from the ledger)
 * @param reversedBy       the red-letter invoice that reversed it (blue)
 * @param reverses         the invoice it reverses (red)
 * @param reasonCode       the reversal's reason (a reversed blue invoice, or a red one)
 * @param claim            the claim on it, from the ledger ({@link Invoices#current} only)
 * @param ledgerRead       whether {@code state} and {@code claim} come from the ledger
 */
public record Invoice(
        String invoiceNumber,
        InvoiceKind kind,
        InvoiceState state,
        String billKey,
        String checkCode,
        String documentHash,
        String transactionId,
        Long blockNumber,
        Instant issuedAt,
        String origin,
        String reversedBy,
        String reverses,
        String reasonCode,
        Claim claim,
        boolean ledgerRead) {}
