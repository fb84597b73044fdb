package io.fapiao.httpsig;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The {@code Content-Digest} field of RFC 9530: a dictionary of digest algorithm to byte sequence.
 * Signing covers the digest field, so a signature protects the body through it. This writes
 * {@code sha-256} and checks {@code sha-256} and {@code sha-512}; every supported digest present
 * must match and at least one must be present.
 *
 * <pre>{@code
 * String field = ContentDigest.sha256(body);   // sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:
 * ContentDigest.check(field, body);           // SignatureRefused DIGEST_MISMATCH if the body changed
 * }</pre>
 */
public final class ContentDigest {
    private static final Map<String, String> ALGORITHMS = Map.of("sha-256", "SHA-256", "sha-512", "SHA-512");

    private ContentDigest() {}

    /** The field value {@code sha-256=:<base64>:} for {@code body}. */
    public static String sha256(byte[] body) {
        return "sha-256=" + StructuredFields.serializeBare(digest("SHA-256", body));
    }

    /**
     * Checks the field value against the body.
     *
     * @throws SignatureRefused {@link SignatureRefusal#SIGNATURE_MALFORMED} when the field is not a
     *     dictionary of byte sequences, {@link SignatureRefusal#DIGEST_MISMATCH} when no supported
     *     algorithm is present or a digest does not match
     */
    public static void check(String field, byte[] body) throws SignatureRefused {
        Map<String, StructuredFields.Member> digests = StructuredFields.dictionary(field);
        int checked = 0;
        for (Map.Entry<String, StructuredFields.Member> entry : digests.entrySet()) {
            String algorithm = ALGORITHMS.get(entry.getKey());
            if (algorithm == null) {
                continue; // RFC 9530 §2: unknown algorithms are ignored
            }
            if (!(entry.getValue() instanceof StructuredFields.Item item)
                    || !(item.value() instanceof byte[] claimed)) {
                throw new SignatureRefused(
                        SignatureRefusal.SIGNATURE_MALFORMED,
                        "Content-Digest " + entry.getKey() + " must be a byte sequence (:base64:)");
            }
            if (!MessageDigest.isEqual(claimed, digest(algorithm, body))) {
                throw new SignatureRefused(
                        SignatureRefusal.DIGEST_MISMATCH,
                        "the body does not match its Content-Digest " + entry.getKey()
                                + "; the body was changed after signing, or the digest was computed over other bytes");
            }
            checked++;
        }
        if (checked == 0) {
            throw new SignatureRefused(
                    SignatureRefusal.DIGEST_MISMATCH,
                    "Content-Digest names no supported algorithm; use sha-256 or sha-512");
        }
    }

    private static byte[] digest(String algorithm, byte[] body) {
        try {
            return MessageDigest.getInstance(algorithm).digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }
}
