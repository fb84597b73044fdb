package io.fapiao.service.trust;

/**
 * The revocation lists cannot be read (a file is unreadable, is not a list, or no trusted authority
 * signed it). Verdicts wait until the operator fixes the files: a bill is never judged as if nothing
 * were revoked. The message names the file and what to do.
 */
public final class RevocationListUnavailable extends Exception {
    public RevocationListUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
