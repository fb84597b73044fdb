package io.fapiao.httpsig;

import java.time.Instant;

/**
 * Remembers accepted signature nonces until their signature's window closes, so a captured request
 * cannot be sent again. {@link InMemoryNonceRegistry} serves one process; a service that must survive
 * restarts or run several instances backs it by its database.
 *
 * <pre>{@code
 * if (!nonces.firstUse(keyId, nonce, expiresAt)) {
 *     throw new SignatureRefused(SignatureRefusal.SIGNATURE_REPLAYED, "...");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface NonceRegistry {

    /**
     * Records the nonce for the key; true when it was not already recorded (and still remembered).
     *
     * @param until when the signature stops being acceptable anyway; the nonce may be forgotten after it
     */
    boolean firstUse(String keyId, String nonce, Instant until);
}
