package io.fapiao.httpsig;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link MessageVerifier} demands beyond a valid signature.
 *
 * <pre>{@code
 * VerificationPolicy policy = VerificationPolicy.requests();           // what a REST service needs
 * VerificationPolicy callbacks = policy.withLabel("sig1").withMaxAge(Duration.ofMinutes(2));
 * }</pre>
 *
 * @param label the signature label to verify; {@code null} takes the first label present in both fields
 * @param maxAge how old {@code created} may be (also bounds a signature without {@code expires})
 * @param clockSkew tolerance for clocks that disagree, both ways
 * @param requireNonce whether {@code nonce} must be present (replay protection)
 * @param requireExpires whether {@code expires} must be present
 * @param requireRequestTarget whether a request must cover {@code @target-uri}, or all of
 *     {@code @authority}, {@code @path} and {@code @query}
 * @param requireBodyDigest whether a non-empty body must be covered through {@code content-digest}
 * @param requiredComponents further components that must be covered
 */
public record VerificationPolicy(
        String label,
        Duration maxAge,
        Duration clockSkew,
        boolean requireNonce,
        boolean requireExpires,
        boolean requireRequestTarget,
        boolean requireBodyDigest,
        List<String> requiredComponents) {

    public VerificationPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(clockSkew, "clockSkew");
        requiredComponents = List.copyOf(requiredComponents);
    }

    /**
     * For requests to a service: {@code @method} and the target, the body through its digest,
     * {@code created} at most five minutes old (one minute of skew), a {@code nonce}.
     */
    public static VerificationPolicy requests() {
        return new VerificationPolicy(
                null, Duration.ofMinutes(5), Duration.ofMinutes(1), true, false, true, true, List.of("@method"));
    }

    /** Only a valid, timely signature: nothing in particular covered, no nonce. For interop checks. */
    public static VerificationPolicy signatureOnly() {
        return new VerificationPolicy(
                null, Duration.ofMinutes(5), Duration.ofMinutes(1), false, false, false, false, List.of());
    }

    public VerificationPolicy withLabel(String newLabel) {
        return new VerificationPolicy(
                newLabel,
                maxAge,
                clockSkew,
                requireNonce,
                requireExpires,
                requireRequestTarget,
                requireBodyDigest,
                requiredComponents);
    }

    public VerificationPolicy withMaxAge(Duration newMaxAge) {
        return new VerificationPolicy(
                label,
                newMaxAge,
                clockSkew,
                requireNonce,
                requireExpires,
                requireRequestTarget,
                requireBodyDigest,
                requiredComponents);
    }

    public VerificationPolicy withRequiredComponents(List<String> components) {
        return new VerificationPolicy(
                label,
                maxAge,
                clockSkew,
                requireNonce,
                requireExpires,
                requireRequestTarget,
                requireBodyDigest,
                components);
    }

    /**
     * The {@code Accept-Signature} member (RFC 9421 §5.1) that tells a client what to send: the
     * components to cover and the parameters to include.
     */
    public String acceptSignature(String hintLabel) {
        java.util.List<String> components = new java.util.ArrayList<>(requiredComponents);
        if (requireRequestTarget && !components.contains("@target-uri")) {
            components.add("@target-uri");
        }
        if (requireBodyDigest) {
            components.add("content-digest");
        }
        java.util.Map<String, Object> parameters = new java.util.LinkedHashMap<>();
        parameters.put("created", Boolean.TRUE);
        if (requireExpires) {
            parameters.put("expires", Boolean.TRUE);
        }
        parameters.put("keyid", Boolean.TRUE);
        if (requireNonce) {
            parameters.put("nonce", Boolean.TRUE);
        }
        return hintLabel + "=" + SignatureParameters.of(components).serialize()
                + StructuredFields.serializeParameters(parameters);
    }
}
