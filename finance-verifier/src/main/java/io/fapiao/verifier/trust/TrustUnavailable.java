package io.fapiao.verifier.trust;

/** The configured trust material cannot be used; the service does not start. The message names the property. */
public final class TrustUnavailable extends Exception {
    public TrustUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
