package io.fapiao.ledger.client.provenance;

import java.util.List;

/**
 * One on-chain step of a bill's or invoice's history.
 *
 * <pre>{@code
 * for (TimelineStep s : timeline.steps()) {
 *     System.out.printf("%s %s by %s (%s) in block %d: %s%n", s.at(), s.function(), s.mspId(),
 *             s.certificateFingerprint(), s.blockNumber(), s.signaturesValid() ? "signatures valid" : s.problems());
 * }
 * }</pre>
 *
 * @param function               the contract function, e.g. {@code SubmitBill}, {@code RecordVerification}
 * @param state                  the record's state after the step (bill or invoice state, {@code CLAIMED} for a claim)
 * @param mspId                  the organisation of the identity that signed the transaction
 * @param certificateFingerprint SHA-256 of that identity's certificate (DER), base64url, as the contract records it
 * @param at                     the transaction timestamp, ISO-8601
 * @param txId                   the Fabric transaction id
 * @param blockNumber            the block holding it
 * @param signaturesValid        whether every signature of the step verifies (client, endorsers, the signed
 *                               statement, and the certificates chain to the channel's CAs)
 * @param problems               the names and details of the checks that failed, empty when valid
 */
public record TimelineStep(
        String function,
        String state,
        String mspId,
        String certificateFingerprint,
        String at,
        String txId,
        long blockNumber,
        boolean signaturesValid,
        List<String> problems) {

    public TimelineStep {
        problems = List.copyOf(problems);
    }
}
