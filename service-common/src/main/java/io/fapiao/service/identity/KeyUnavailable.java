package io.fapiao.service.identity;

/**
 * The configured key or certificate cannot be loaded or does not work. The message names the
 * property to fix; it never contains key material or a password.
 */
public final class KeyUnavailable extends Exception {
    public KeyUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    public KeyUnavailable(String message) {
        super(message);
    }
}
