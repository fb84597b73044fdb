package io.fapiao.protocol.ledger;

import java.util.List;

/**
 * The finance verifier's recorded verdict, with the signature RecordVerification checked.
 *
 * <pre>{@code
 * boolean accepted = bill.verification().verdict().equals("ACCEPTED");
 * }</pre>
 *
 * @param verdict     ACCEPTED or REJECTED
 * @param reasonCodes the reasons as signed
 * @param signature   the verifier's signature over the {@code fapiao.verdict.v1} statement, base64url DER
 * @param mspId       the verifier's MSP
 * @param fingerprint the verifier's certificate fingerprint
 * @param txId        the recording transaction
 * @param at          its timestamp
 */
public record Verification(
        String verdict,
        List<String> reasonCodes,
        String signature,
        String mspId,
        String fingerprint,
        String txId,
        String at) {
    public Verification {
        reasonCodes = List.copyOf(reasonCodes);
    }
}
