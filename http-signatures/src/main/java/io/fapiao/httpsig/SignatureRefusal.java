package io.fapiao.httpsig;

/**
 * Why a signed HTTP message was refused. The names are stable wire codes: a service puts them in the
 * {@code code} member of its 401 problem document, so they are never renamed or reused.
 *
 * <pre>{@code
 * try {
 *     verifier.verify(message);
 * } catch (SignatureRefused e) {
 *     if (e.refusal() == SignatureRefusal.SIGNATURE_EXPIRED) { ... sign again with a fresh created ... }
 * }
 * }</pre>
 */
public enum SignatureRefusal {
    /** The message has no {@code Signature-Input} or no {@code Signature} field, or not the label asked for. */
    SIGNATURE_MISSING,
    /** {@code Signature-Input}, {@code Signature} or {@code Content-Digest} is not a valid structured field. */
    SIGNATURE_MALFORMED,
    /** A signature parameter the policy requires ({@code created}, {@code keyid}, {@code nonce}...) is absent. */
    PARAMETER_MISSING,
    /**
     * A component the policy requires is not covered by the signature, or a covered component is
     * absent from the message.
     */
    COMPONENT_MISSING,
    /** A covered component is one this implementation cannot derive (for example {@code @query-param}). */
    COMPONENT_UNSUPPORTED,
    /** The signing key is neither P-256 nor SM2, or {@code alg} names something else. */
    UNSUPPORTED_ALGORITHM,
    /** No key is registered under the signature's {@code keyid}. */
    UNKNOWN_KEY,
    /** The signature does not verify over the signature base. */
    SIGNATURE_INVALID,
    /** The body does not hash to the covered {@code Content-Digest}, or no digest algorithm is supported. */
    DIGEST_MISMATCH,
    /** {@code expires} has passed, or {@code created} is older than the policy's maximum age. */
    SIGNATURE_EXPIRED,
    /** {@code created} lies in the future beyond the allowed clock skew. */
    SIGNATURE_NOT_YET_VALID,
    /** The same {@code keyid} and {@code nonce} were already accepted within the validity window. */
    SIGNATURE_REPLAYED
}
