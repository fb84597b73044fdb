package io.fapiao.ledger.msp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * An identity that a {@link Membership} accepted: its organisation's MSP ID, its certificate and the
 * node OUs the certificate carries ({@code client}, {@code peer}, {@code admin}, {@code orderer}).
 *
 * <pre>{@code
 * Member creator = membership.validate(serializedIdentity, Instant.now());
 * boolean client = creator.nodeOus().contains("client");
 * Optional<String> role = creator.attribute("role");
 * }</pre>
 */
public record Member(String mspId, X509Certificate certificate, Set<String> nodeOus) {

    /**
     * Verification runs five times per committed transaction, so each half takes the faster
     * implementation on this JVM (measured side by side, and in the ledger benchmark's profile):
     * the JDK's SHA-256, which uses the CPU's SHA instructions, for the digest of messages up to
     * ~14 KB, and BouncyCastle's ECDSA, about twice as fast as the JDK's P-256 verify, over that digest.
     */
    private static final Provider VERIFIER = new BouncyCastleProvider();

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
            Signature verifier = Signature.getInstance("NONEwithECDSA", VERIFIER);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(MessageDigest.getInstance("SHA-256").digest(message));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The attributes of Fabric CA's attribute extension (OID 1.2.3.4.5.6.7.8.1) in the certificate,
     * such as {@code hf.EnrollmentID} and {@code role}; empty when the certificate has none or the
     * extension does not parse.
     */
    public Map<String, String> attributes() {
        return FabricAttributes.of(certificate);
    }

    /** One attribute of {@link #attributes()}. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes().get(name));
    }
}
