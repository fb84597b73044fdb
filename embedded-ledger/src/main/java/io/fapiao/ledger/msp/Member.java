package io.fapiao.ledger.msp;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * An identity that a {@link Membership} accepted: its organisation's MSP ID, its certificate and the
 * node OUs the certificate carries ({@code client}, {@code peer}, {@code admin}, {@code orderer}).
 */
public record Member(String mspId, X509Certificate certificate, Set<String> nodeOus) {

    public Member {
        nodeOus = Set.copyOf(nodeOus);
    }

    /**
     * Whether {@code signature} is this member's ECDSA signature over SHA-256 of {@code message}.
     * As Fabric does, a signature whose S is in the upper half of the curve order is refused, so that
     * a transaction's signature cannot be altered into a second valid one.
     */
    public boolean verifies(byte[] message, byte[] signature) {
        if (!LowS.isLowS(certificate.getPublicKey(), signature)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
