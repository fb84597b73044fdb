package io.fapiao.httpsig;

import java.security.PublicKey;
import java.util.Optional;

/**
 * Where a {@link MessageVerifier} finds the public key named by a signature's {@code keyid}. An
 * empty answer refuses the message with {@link SignatureRefusal#UNKNOWN_KEY}; the keys behind it are
 * the application's registry (registered client certificates, a partner's published key...).
 *
 * <pre>{@code
 * SignatureKeys keys = keyId -> registry.find(keyId).map(client -> client.certificate().getPublicKey());
 * }</pre>
 */
@FunctionalInterface
public interface SignatureKeys {

    /** The key registered under {@code keyId}, if any. */
    Optional<PublicKey> publicKey(String keyId);
}
