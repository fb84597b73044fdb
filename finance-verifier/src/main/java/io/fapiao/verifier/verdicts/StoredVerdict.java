package io.fapiao.verifier.verdicts;

import java.time.Instant;
import java.util.List;

/**
 * A verdict as the verifier keeps it locally and shows it to the bureau's operators: what was
 * decided and why, and the ledger transaction that recorded it.
 *
 * <pre>{@code
 * {"number":17,"billKey":"121101054000012809:MZ0000000001","kind":"BILL","suite":"INTL",
 *  "verdict":"REJECTED","reasonCodes":["INVALID_BILL","TOTAL_MISMATCH"],
 *  "detail":"the bill breaks 1 rule(s): total TOTAL_MISMATCH","violations":[{"path":"total","code":"TOTAL_MISMATCH"}],
 *  "duplicateOf":[],"origin":"VERIFIER","transactionId":"6c1f...","blockNumber":42,
 *  "recordedAt":"2026-03-15T01:30:02.117Z", ...}
 * }</pre>
 *
 * @param number               the local sequence number, newest highest (for paging)
 * @param billKey              {@code <uscc>:<billId>}
 * @param kind                 BILL or INVOICE_REQUEST; null when the envelope could not be read
 * @param suite                INTL or GM, from the ledger's bill record
 * @param headerDigest         the envelope's header digest, as signed in the verdict statement
 * @param verdict              ACCEPTED or REJECTED
 * @param reasonCodes          the codes as recorded on the ledger
 * @param detail               what failed, for a person; never bill contents
 * @param violations           the rules a bill broke (path and code)
 * @param duplicateOf          the earlier bills a DUPLICATE_SUSPECTED bill seems to repeat: look them up here or on the ledger
 * @param origin               VERIFIER when decided here; LEDGER when the bill was found already decided
 *                             (an event handled again after a crash), the verdict then copied from the ledger
 * @param transactionId        the RecordVerification transaction
 * @param blockNumber          its block, when known
 * @param recordedAt           its timestamp
 * @param verifierFingerprint  the fingerprint of the certificate that signed the verdict
 * @param eventTransactionId   the SubmitBill transaction whose event was handled
 * @param eventBlockNumber     its block
 * @param storedAt             when this row was written
 */
public record StoredVerdict(
        long number,
        String billKey,
        String kind,
        String suite,
        String headerDigest,
        String verdict,
        List<String> reasonCodes,
        String detail,
        List<RuleBreach> violations,
        List<String> duplicateOf,
        String origin,
        String transactionId,
        Long blockNumber,
        String recordedAt,
        String verifierFingerprint,
        String eventTransactionId,
        long eventBlockNumber,
        Instant storedAt) {

    public StoredVerdict {
        reasonCodes = List.copyOf(reasonCodes);
        violations = List.copyOf(violations);
        duplicateOf = List.copyOf(duplicateOf);
    }

    /** Decided by this verifier. */
    public static final String DECIDED_HERE = "VERIFIER";
    /** Found already decided on the ledger. */
    public static final String FOUND_ON_LEDGER = "LEDGER";
}
