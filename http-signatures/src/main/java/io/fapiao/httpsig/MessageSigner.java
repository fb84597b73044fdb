package io.fapiao.httpsig;

import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.json.Base64Url;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Signs HTTP messages (RFC 9421) with a protocol {@link Signer}, so the key can sit in memory, a
 * PKCS#12 file or a token. A request covers {@code @method}, {@code @target-uri} and, for a body,
 * {@code content-digest} (RFC 9530 sha-256, computed here); a response covers {@code @status} and
 * the digest. Listed fields (by default {@code content-type} and {@code idempotency-key}) are covered
 * when the message has them. Parameters: {@code created}, {@code expires} (created + validity),
 * {@code keyid}, {@code alg} and a fresh random {@code nonce}, so every signature is single-use.
 *
 * <pre>{@code
 * MessageSigner signer = MessageSigner.of(keyMaterial.signer(), fingerprint);
 * HttpMessage request = HttpMessage.request("POST", uri, Map.of("Content-Type", List.of("application/json")), body);
 * SignatureHeaders headers = signer.sign(request);
 * // Content-Digest: sha-256=:...:
 * // Signature-Input: sig1=("@method" "@target-uri" "content-digest" "content-type");created=...;expires=...;
 * //                  keyid="...";alg="ecdsa-p256-sha256";nonce="..."
 * // Signature: sig1=:...:
 * }</pre>
 *
 * @param signer the key that signs
 * @param keyId the {@code keyid} the verifier looks the key up by
 * @param label the dictionary label of the signature ({@code sig1})
 * @param validity how long after {@code created} the signature {@code expires}
 * @param coveredIfPresent header fields covered when the message has them
 * @param clock the source of {@code created}
 */
public record MessageSigner(
        Signer signer, String keyId, String label, Duration validity, List<String> coveredIfPresent, Clock clock) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public MessageSigner {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(clock, "clock");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
        coveredIfPresent = coveredIfPresent.stream()
                .map(name -> name.toLowerCase(java.util.Locale.ROOT))
                .toList();
    }

    /** Label {@code sig1}, five minutes' validity, covering content-type and idempotency-key when present. */
    public static MessageSigner of(Signer signer, String keyId) {
        return new MessageSigner(
                signer,
                keyId,
                "sig1",
                Duration.ofMinutes(5),
                List.of("content-type", "idempotency-key"),
                Clock.systemUTC());
    }

    public MessageSigner withLabel(String newLabel) {
        return new MessageSigner(signer, keyId, newLabel, validity, coveredIfPresent, clock);
    }

    public MessageSigner withValidity(Duration newValidity) {
        return new MessageSigner(signer, keyId, label, newValidity, coveredIfPresent, clock);
    }

    public MessageSigner withClock(Clock newClock) {
        return new MessageSigner(signer, keyId, label, validity, coveredIfPresent, newClock);
    }

    public MessageSigner coveringIfPresent(String... fields) {
        return new MessageSigner(signer, keyId, label, validity, List.of(fields), clock);
    }

    /**
     * The signature fields for {@code message}.
     *
     * @throws SignatureRefused {@link SignatureRefusal#UNSUPPORTED_ALGORITHM} when the signer's key
     *     is neither P-256 nor SM2
     */
    public SignatureHeaders sign(HttpMessage message) throws SignatureRefused {
        SignatureAlgorithm algorithm =
                SignatureAlgorithm.forKey(signer.certificate().getPublicKey());
        HttpMessage covered = message;
        List<String> components = new ArrayList<>();
        if (message.isRequest()) {
            components.add("@method");
            components.add("@target-uri");
        } else {
            components.add("@status");
        }
        String digest = null;
        if (message.body().length > 0) {
            digest = ContentDigest.sha256(message.body());
            covered = covered.withField("content-digest", digest);
            components.add("content-digest");
        }
        for (String field : coveredIfPresent) {
            if (message.field(field) != null && !components.contains(field)) {
                components.add(field);
            }
        }
        long created = clock.instant().getEpochSecond();
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        SignatureParameters parameters = SignatureParameters.of(components)
                .with("created", created)
                .with("expires", created + validity.toSeconds())
                .with("keyid", keyId)
                .with("alg", algorithm.registeredName())
                .with("nonce", Base64Url.encode(nonce));
        byte[] signature = algorithm.sign(signer, SignatureBase.bytes(covered, parameters));
        return new SignatureHeaders(
                digest, label + "=" + parameters.serialize(), label + "=" + StructuredFields.serializeBare(signature));
    }

    /** Signs and returns the message with its signature fields set. */
    public HttpMessage signed(HttpMessage message) throws SignatureRefused {
        return sign(message).applyTo(message);
    }

    @Override
    public String toString() {
        return "MessageSigner[" + label + ", keyid " + keyId + "]";
    }
}
