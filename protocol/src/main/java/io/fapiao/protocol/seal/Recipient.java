package io.fapiao.protocol.seal;

import io.fapiao.protocol.json.Bytes;

/**
 * The content key wrapped for one reader of the bill.
 *
 * @param fingerprint  the reader's certificate fingerprint: base64url of the suite digest of its DER
 * @param ephemeralKey INTL only: the sender's one-time P-256 point (uncompressed); absent under GM
 * @param wrappedKey   INTL: AES key wrap (RFC 3394) of the content key; GM: SM2 ciphertext C1C3C2
 */
public record Recipient(String fingerprint, Bytes ephemeralKey, Bytes wrappedKey) {}
