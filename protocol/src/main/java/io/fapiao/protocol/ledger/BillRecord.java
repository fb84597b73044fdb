package io.fapiao.protocol.ledger;

import java.util.List;

/**
 * A bill on the ledger: what anyone with read access may know without a key (the sealed bill's clear
 * header, who submitted and signed it), its state, the verdict and the invoice it became. The sealed
 * bill itself is stored under its own key and returned by GetBill next to this record.
 *
 * <pre>{@code
 * BillRecord bill = fapiaoLedger.bill(billKey).bill();   // or Json.read(bytes, BillRecord.class)
 * }</pre>
 *
 * @param billKey           {@code <uscc>:<billId>}, the bill's name in every function
 * @param uscc              the issuing hospital's or enterprise's USCC (header.issuerId)
 * @param billId            the bill's unique id within that USCC
 * @param billCode          the bill type code
 * @param issuedAt          the issue timestamp as written in the bill
 * @param suite             INTL or GM
 * @param headerDigest      the header digest, base64url
 * @param sealedBillDigest  SHA-256 of the stored canonical sealed bill, base64url: what makes a resubmission identical
 * @param signerFingerprint fingerprint of the certificate that signed the envelope
 * @param recipients        fingerprints of the envelope's recipients, as the envelope names them
 * @param state             the bill's state
 * @param submitted         who submitted it and when
 * @param verification      the verdict, once recorded
 * @param invoiceNumber     the invoice it was issued as, once issued
 * @param written           who wrote this version
 */
public record BillRecord(
        String billKey,
        String uscc,
        String billId,
        String billCode,
        String issuedAt,
        String suite,
        String headerDigest,
        String sealedBillDigest,
        String signerFingerprint,
        List<String> recipients,
        BillState state,
        Provenance submitted,
        Verification verification,
        String invoiceNumber,
        Provenance written) {

    public BillRecord {
        recipients = List.copyOf(recipients);
    }

    public BillRecord verified(BillState next, Verification verdict, Provenance by) {
        return new BillRecord(
                billKey,
                uscc,
                billId,
                billCode,
                issuedAt,
                suite,
                headerDigest,
                sealedBillDigest,
                signerFingerprint,
                recipients,
                next,
                submitted,
                verdict,
                invoiceNumber,
                by);
    }

    public BillRecord issuedAs(String number, Provenance by) {
        return new BillRecord(
                billKey,
                uscc,
                billId,
                billCode,
                issuedAt,
                suite,
                headerDigest,
                sealedBillDigest,
                signerFingerprint,
                recipients,
                BillState.ISSUED,
                submitted,
                verification,
                number,
                by);
    }

    public BillRecord reversed(Provenance by) {
        return new BillRecord(
                billKey,
                uscc,
                billId,
                billCode,
                issuedAt,
                suite,
                headerDigest,
                sealedBillDigest,
                signerFingerprint,
                recipients,
                BillState.REVERSED,
                submitted,
                verification,
                invoiceNumber,
                by);
    }
}
