package io.fapiao.protocol.seal;

import io.fapiao.protocol.json.Bytes;

/**
 * The canonical bill JSON under the envelope's content key (AES-256-GCM or SM4-GCM).
 *
 * @param nonce      12 bytes, fresh for every envelope
 * @param ciphertext the ciphertext followed by the 16-byte tag
 */
public record EncryptedPayload(Bytes nonce, Bytes ciphertext) {}
