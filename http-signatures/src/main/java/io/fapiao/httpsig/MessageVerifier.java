package io.fapiao.httpsig;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies RFC 9421 HTTP message signatures under a {@link VerificationPolicy}. The checks run in an
 * order that costs an attacker the most and tells an honest client the most: the fields parse, the
 * parameters and components the policy demands are there, the time window holds, the key is known,
 * the signature verifies, the body matches its covered digest, and only then is the nonce spent (so a
 * forged request cannot burn a legitimate client's nonce).
 *
 * <pre>{@code
 * MessageVerifier verifier = new MessageVerifier(keys, VerificationPolicy.requests(),
 *         new InMemoryNonceRegistry(clock), clock);
 * try {
 *     VerifiedSignature verified = verifier.verify(message);
 * } catch (SignatureRefused e) {
 *     // 401 with e.refusal() as the code and verifier.acceptSignature() as a hint
 * }
 * }</pre>
 */
public final class MessageVerifier {
    private final SignatureKeys keys;
    private final VerificationPolicy policy;
    private final NonceRegistry nonces;
    private final Clock clock;

    public MessageVerifier(SignatureKeys keys, VerificationPolicy policy, NonceRegistry nonces, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The policy this verifier applies. */
    public VerificationPolicy policy() {
        return policy;
    }

    /** The {@code Accept-Signature} hint to send with a refusal. */
    public String acceptSignature() {
        return policy.acceptSignature(policy.label() == null ? "sig1" : policy.label());
    }

    /**
     * Verifies the message's signature.
     *
     * @throws SignatureRefused with the {@link SignatureRefusal} that says what failed
     */
    public VerifiedSignature verify(HttpMessage message) throws SignatureRefused {
        String inputField = message.field("signature-input");
        String signatureField = message.field("signature");
        if (inputField == null || signatureField == null) {
            throw new SignatureRefused(
                    SignatureRefusal.SIGNATURE_MISSING,
                    "the request is not signed: it needs "
                            + "Signature-Input and Signature fields (RFC 9421) made with a registered key");
        }
        Map<String, StructuredFields.Member> inputs = StructuredFields.dictionary(inputField);
        Map<String, StructuredFields.Member> signatures = StructuredFields.dictionary(signatureField);
        String label = label(inputs, signatures);
        if (!(inputs.get(label) instanceof StructuredFields.InnerList list)) {
            throw new SignatureRefused(
                    SignatureRefusal.SIGNATURE_MALFORMED,
                    "Signature-Input member " + label + " must be an inner list of components with parameters");
        }
        if (!(signatures.get(label) instanceof StructuredFields.Item item)
                || !(item.value() instanceof byte[] signature)) {
            throw new SignatureRefused(
                    SignatureRefusal.SIGNATURE_MALFORMED,
                    "Signature member " + label + " must be a byte sequence (:base64:)");
        }
        SignatureParameters parameters = SignatureParameters.from(list);

        String keyId = parameters.keyId().orElseThrow(() -> missingParameter("keyid"));
        Instant created = parameters.created().orElseThrow(() -> missingParameter("created"));
        Instant expires = parameters.expires().orElse(null);
        if (policy.requireExpires() && expires == null) {
            throw missingParameter("expires");
        }
        String nonce = parameters.nonce().orElse(null);
        if (policy.requireNonce() && (nonce == null || nonce.isEmpty())) {
            throw missingParameter("nonce");
        }
        requireCoverage(message, parameters);
        Instant until = window(created, expires);

        PublicKey key = keys.publicKey(keyId)
                .orElseThrow(() -> new SignatureRefused(
                        SignatureRefusal.UNKNOWN_KEY,
                        "no key is registered under keyid " + keyId + "; register the client's certificate first"));
        SignatureAlgorithm algorithm = SignatureAlgorithm.forKey(key);
        if (parameters.algorithm().isPresent()
                && SignatureAlgorithm.named(parameters.algorithm().get()) != algorithm) {
            throw new SignatureRefused(
                    SignatureRefusal.SIGNATURE_INVALID,
                    "alg " + parameters.algorithm().get() + " does not match the registered key, which signs with "
                            + algorithm.registeredName());
        }
        if (!algorithm.verify(key, SignatureBase.bytes(message, parameters), signature)) {
            throw new SignatureRefused(
                    SignatureRefusal.SIGNATURE_INVALID,
                    "signature " + label + " does not verify " + "under the key " + keyId
                            + ": the covered components or parameters differ from what was signed");
        }
        if (parameters.covers("content-digest")) {
            ContentDigest.check(message.field("content-digest"), message.body());
        }
        if (nonce != null && !nonces.firstUse(keyId, nonce, until)) {
            throw new SignatureRefused(
                    SignatureRefusal.SIGNATURE_REPLAYED,
                    "nonce " + nonce + " was already used with key " + keyId + "; sign every request afresh");
        }
        return new VerifiedSignature(label, keyId, algorithm, created, until, parameters.componentNames());
    }

    private String label(Map<String, StructuredFields.Member> inputs, Map<String, StructuredFields.Member> signatures)
            throws SignatureRefused {
        if (policy.label() != null) {
            if (!inputs.containsKey(policy.label()) || !signatures.containsKey(policy.label())) {
                throw new SignatureRefused(
                        SignatureRefusal.SIGNATURE_MISSING,
                        "no signature labelled " + policy.label() + " in Signature-Input and Signature");
            }
            return policy.label();
        }
        for (String label : inputs.keySet()) {
            if (signatures.containsKey(label)) {
                return label;
            }
        }
        throw new SignatureRefused(
                SignatureRefusal.SIGNATURE_MISSING,
                "Signature-Input and Signature share no label; each signature needs both");
    }

    private void requireCoverage(HttpMessage message, SignatureParameters parameters) throws SignatureRefused {
        for (String component : policy.requiredComponents()) {
            if (!parameters.covers(component)) {
                throw uncovered(component);
            }
        }
        if (policy.requireRequestTarget()
                && message.isRequest()
                && !parameters.covers("@target-uri")
                && !(parameters.covers("@authority") && parameters.covers("@path") && parameters.covers("@query"))) {
            throw uncovered("@target-uri (or @authority, @path and @query)");
        }
        if (policy.requireBodyDigest() && message.body().length > 0 && !parameters.covers("content-digest")) {
            throw uncovered("content-digest (the request has a body)");
        }
    }

    private Instant window(Instant created, Instant expires) throws SignatureRefused {
        Instant now = clock.instant();
        if (expires != null && expires.isBefore(created)) {
            throw new SignatureRefused(SignatureRefusal.SIGNATURE_MALFORMED, "expires lies before created");
        }
        if (created.isAfter(now.plus(policy.clockSkew()))) {
            throw new SignatureRefused(
                    SignatureRefusal.SIGNATURE_NOT_YET_VALID,
                    "created " + created.getEpochSecond() + " lies in the future; check the client's clock");
        }
        Instant oldest = now.minus(policy.maxAge()).minus(policy.clockSkew());
        if (created.isBefore(oldest)) {
            throw new SignatureRefused(
                    SignatureRefusal.SIGNATURE_EXPIRED,
                    "created " + created.getEpochSecond() + " is older than the accepted "
                            + policy.maxAge().toSeconds() + " s; sign the request again");
        }
        if (expires != null && expires.isBefore(now.minus(policy.clockSkew()))) {
            throw new SignatureRefused(
                    SignatureRefusal.SIGNATURE_EXPIRED,
                    "the signature expired at " + expires.getEpochSecond() + "; sign the request again");
        }
        Instant byAge = created.plus(policy.maxAge());
        Instant until = expires == null || byAge.isBefore(expires) ? byAge : expires;
        return until.plus(policy.clockSkew());
    }

    private static SignatureRefused missingParameter(String name) {
        return new SignatureRefused(
                SignatureRefusal.PARAMETER_MISSING, "the signature lacks its " + name + " parameter");
    }

    private static SignatureRefused uncovered(String component) {
        return new SignatureRefused(SignatureRefusal.COMPONENT_MISSING, "the signature must cover " + component);
    }
}
