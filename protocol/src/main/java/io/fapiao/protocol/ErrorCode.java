package io.fapiao.protocol;

/**
 * The stable codes of every protocol failure. Codes are part of the wire contract: they appear in
 * chaincode errors and HTTP problem documents, so they are never renamed or reused.
 *
 * <pre>{@code
 * try {
 *     opener.open(sealed);
 * } catch (ProtocolException e) {
 *     if (e.code() == ErrorCode.NOT_A_RECIPIENT) { ... }
 * }
 * }</pre>
 */
public enum ErrorCode {
    /** The input is not well-formed: bad JSON, a missing or unknown field, bad base64url. */
    MALFORMED,
    /** The envelope's format version is not one this implementation reads. */
    UNSUPPORTED_VERSION,
    /** The envelope names a crypto suite this implementation does not know. */
    UNSUPPORTED_SUITE,
    /** The header digest does not match the header fields it claims to cover. */
    HEADER_DIGEST_MISMATCH,
    /** The decrypted payload does not hash to the header's payload digest. */
    PAYLOAD_DIGEST_MISMATCH,
    /** The decrypted bill says something other than the header it travelled under. */
    HEADER_PAYLOAD_MISMATCH,
    /** The signature does not verify under the signer's certificate. */
    BAD_SIGNATURE,
    /** The signer's certificate is unparseable, untrusted, of the wrong key type, or not valid at the issue time. */
    CERTIFICATE_INVALID,
    /** The opening key's certificate is not among the envelope's recipients. */
    NOT_A_RECIPIENT,
    /** The content key could not be unwrapped or the payload did not authenticate. */
    DECRYPTION_FAILED,
    /** The input is larger than the configured limit. */
    TOO_LARGE,
    /** The bill or invoice request breaks a rule; {@link ProtocolException#violations()} says which. */
    INVALID_BILL,
    /**
     * The envelope carries the other kind of payload than the one asked for: an invoice request opened
     * as a medical bill, or the reverse. Its header's {@code billCode} says which kind it carries.
     */
    WRONG_PAYLOAD_KIND
}
