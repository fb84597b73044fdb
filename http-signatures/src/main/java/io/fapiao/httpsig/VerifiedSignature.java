package io.fapiao.httpsig;

import java.time.Instant;
import java.util.List;

/**
 * A signature that {@link MessageVerifier} accepted: who signed (the {@code keyid}), with what, when,
 * and what it covers. Only the covered components are authenticated; anything else in the message
 * is not.
 *
 * <pre>{@code
 * VerifiedSignature verified = verifier.verify(message);
 * Client client = registry.byKeyId(verified.keyId());
 * }</pre>
 *
 * @param label the signature's label in the fields
 * @param keyId the key that signed
 * @param algorithm the algorithm that verified it
 * @param created when the signer says it signed
 * @param expires until when the signature is acceptable (its {@code expires}, or created + max age)
 * @param coveredComponents the covered component names, in order
 */
public record VerifiedSignature(
        String label,
        String keyId,
        SignatureAlgorithm algorithm,
        Instant created,
        Instant expires,
        List<String> coveredComponents) {

    public VerifiedSignature {
        coveredComponents = List.copyOf(coveredComponents);
    }
}
