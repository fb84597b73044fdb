package io.fapiao.protocol.ledger;

/**
 * An invoice on the ledger, blue or red, linked to its bill and (once reversed) to its red-letter
 * counterpart in both directions.
 *
 * <pre>{@code
 * InvoiceRecord invoice = fapiaoLedger.invoice(number);
 * }</pre>
 *
 * @param invoiceNumber   the number, {@link InvoiceNumber} (e.g. {@code 44010126-0000000042})
 * @param kind            BLUE or RED
 * @param billKey         the bill it was issued for (a red invoice: the reversed invoice's bill)
 * @param issuerId        the issuer id of the range the number came from
 * @param checkCodeDigest the issuer's {@link CheckCodeDigest} of the check code, never the code itself (null
 *                        for a red invoice, which has no check code)
 * @param documentHash    SHA-256 of the sealed invoice document, hex
 * @param signature       the issuer's signature over the issuance or reversal statement, base64url DER
 * @param state           ISSUED, CLAIMED or REVERSED
 * @param issued          who issued it and when
 * @param reverses        for a red invoice: the invoice it reverses
 * @param reversal        for a reversed invoice: how
 * @param claim           once claimed: the claim
 * @param written         who wrote this version
 */
public record InvoiceRecord(
        String invoiceNumber,
        InvoiceKind kind,
        String billKey,
        String issuerId,
        String checkCodeDigest,
        String documentHash,
        String signature,
        InvoiceState state,
        Provenance issued,
        String reverses,
        Reversal reversal,
        Claim claim,
        Provenance written) {

    public InvoiceRecord reversedBy(Reversal how, Provenance by) {
        return new InvoiceRecord(
                invoiceNumber,
                kind,
                billKey,
                issuerId,
                checkCodeDigest,
                documentHash,
                signature,
                InvoiceState.REVERSED,
                issued,
                reverses,
                how,
                claim,
                by);
    }

    public InvoiceRecord claimedBy(Claim what, Provenance by) {
        return new InvoiceRecord(
                invoiceNumber,
                kind,
                billKey,
                issuerId,
                checkCodeDigest,
                documentHash,
                signature,
                InvoiceState.CLAIMED,
                issued,
                reverses,
                reversal,
                what,
                by);
    }
}
