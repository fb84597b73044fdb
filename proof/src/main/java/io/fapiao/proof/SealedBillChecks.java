package io.fapiao.proof;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.seal.SealedBill;
import java.security.cert.X509Certificate;

/**
 * The sealed bill check family: the bundle's sealed bill reads ({@code sealedBill.format}), is the
 * subject's ({@code subject.billKey}), its header digest matches its header fields
 * ({@code sealedBill.headerDigest}) and its signature verifies ({@code sealedBill.signature}).
 *
 * <pre>{@code
 * SealedBillChecks.Facts sealed = new SealedBillChecks(bundle).check(checks);
 * }</pre>
 */
record SealedBillChecks(ProofBundle bundle) {

    /**
     * What the step checks need of the sealed bill.
     *
     * @param headerDigest the header digest, base64url; null when the sealed bill does not read
     * @param submitter    the certificate its signature verifies under; null when it does not verify
     */
    record Facts(String headerDigest, X509Certificate submitter) {}

    Facts check(Checks checks) {
        SealedBill sealed;
        try {
            sealed = SealedBill.fromJson(CanonicalJson.encode(bundle.sealedBill()));
        } catch (ProtocolException | IllegalArgumentException e) {
            checks.fail("sealedBill.format", e.getMessage());
            return new Facts(null, null);
        }
        String headerDigest = Base64Url.encode(sealed.header().headerDigest().toByteArray());
        String key = sealed.header().issuerId() + ":" + sealed.header().billId();
        checks.check(
                key.equals(bundle.subject().billKey()),
                "subject.billKey",
                "the sealed bill is " + key,
                "the sealed bill is " + key + ", the bundle is about "
                        + bundle.subject().billKey());
        try {
            sealed.checkHeaderDigest();
            checks.pass("sealedBill.headerDigest", "the header digest matches the header fields");
        } catch (ProtocolException e) {
            checks.fail("sealedBill.headerDigest", e.getMessage());
            return new Facts(headerDigest, null);
        }
        try {
            X509Certificate submitter = sealed.checkSignature();
            checks.pass(
                    "sealedBill.signature",
                    "signed by " + submitter.getSubjectX500Principal().getName());
            return new Facts(headerDigest, submitter);
        } catch (ProtocolException e) {
            checks.fail("sealedBill.signature", e.getMessage());
            return new Facts(headerDigest, null);
        }
    }
}
