package io.fapiao.service.security;

import java.util.Optional;

/**
 * Where a service looks its callers up: the active client registered under a key id. A service that
 * registers none has no authenticated callers (every protected route is then refused).
 */
@FunctionalInterface
public interface ClientDirectory {
    /** The client registered and active under {@code keyId}. */
    Optional<? extends ServiceClient> active(String keyId);

    /** A directory with no clients. */
    static ClientDirectory none() {
        return keyId -> Optional.empty();
    }
}
